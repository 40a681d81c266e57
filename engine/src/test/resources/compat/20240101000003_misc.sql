select ( 1 + (2 * 3) ); select 4;
select array[1,2] , '(' ;
select '\' ; select 5;
select 'é', "ü;" from (select 1 as "ü;") x;
do $body$ begin perform 1; end $body$;
	
-- only a comment at the end
