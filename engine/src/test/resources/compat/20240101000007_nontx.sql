-- pg-delta: transaction=false
create index concurrently q_idx on q (id);
select 13;
