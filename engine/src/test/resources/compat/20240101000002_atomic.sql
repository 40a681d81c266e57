create function add1(a int) returns int language sql
begin atomic
  select a + 1;
end;
create function cased(a int) returns text language sql
BEGIN   ATOMIC
  select case when a > 0 then 'pos' else 'neg' end;
  select 'x';
END;
create procedure pr() language sql begin atomic insert into q values (9, 'p; q'); end;
select 'after atomic';
