select 10;
select 11;
