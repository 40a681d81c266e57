create table q (id int, s text);
insert into q values (1, 'a;b'), (2, 'it''s; fine');
insert into q values (3, E'esc\'aped; ok'), (4, E'line1\n;' 
  'continued;');
select "weird;name" from (select 1 as "weird;name") x;
select $$ dollar ; $$, $tag$ with $$ inside ; $tag$, $a$b$a$;
select 1 -- trailing; comment
;
/* block ; /* nested ; */ still ; */ select 2;
select 3 /* unterminated? no */;;;
