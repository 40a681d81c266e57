package dev.supabaseops.sync;

/** Schemas and rows shared by the sync tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** Every type of the fidelity list, composite keys, identity, self-references and a deferrable cycle. */
    static final String SCHEMA = """
            create type mood as enum ('happy', 'sad', 'it''s complicated');
            create table plans (
              id bigint generated always as identity primary key,
              name text not null,
              description text,
              price numeric(30, 10),
              big numeric,
              created_at timestamptz,
              uid uuid,
              data jsonb,
              raw json,
              blob bytea,
              tags text[],
              grid int[],
              feeling mood,
              image_url varchar(500),
              name_upper text generated always as (upper(name)) stored
            );
            create table features (
              plan_id bigint not null references plans (id),
              code text not null,
              label text,
              parent_code text,
              primary key (plan_id, code),
              foreign key (plan_id, parent_code) references features (plan_id, code)
            );
            create table categories (id serial primary key, parent_id int references categories (id), name text);
            create table team_a (id int primary key, b_id int);
            create table team_b (id int primary key, a_id int references team_a (id) deferrable);
            alter table team_a add foreign key (b_id) references team_b (id) deferrable;
            """;

    static final String ROWS = """
            insert into plans (name, description, price, big, created_at, uid, data, raw, blob, tags, grid, feeling, image_url) values
             ('multi', E'line one\\nline two\\r\\nline three\\n', 1.10, 123456789012345678901234567890.123456789012345678901234567890,
              '2024-02-29 23:59:59.123456+00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": "v", "n": [1, 2.50, null], "u": "\\u00e9"}',
              '{ "dup": 1, "dup": 2,  "sp" : true }', '\\x00ff10', '{a,"b,c","d\\"e",NULL,""}', '{{1,2},{3,4}}', 'happy',
              'http://127.0.0.1:54321/storage/v1/object/public/img/a.png'),
             ('dashes', E'-- not a comment\\n--- three dashes start this line\\n---', 0.0000000001, -1e-20, 'infinity', null,
              '[]', 'null', '', '{}', '{}', 'it''s complicated', null),
             ('quotes', E'back\\\\slash \\\\N \\\\. ''single'' "double"\\ttab', null, 'NaN', '-infinity', gen_random_uuid(),
              '"just a string"', '"s"', decode(repeat('00', 3) || 'deadbeef5c6e0a', 'hex'), '{"\\\\N","NULL"}', null, 'sad', ''),
             ('estring', E'E''\\\\x41'' and $$dollar$$ and \\\\copy t from stdin; \\\\! echo hi\\n\\\\.\\n', 99999999999999999999.9999999999,
              1e100, '1970-01-01 00:00:00+00', null, '{"a": {"b": {"c": []}}}', '[1, 2 ,3]', null, null, '{{{1}}}', null, null),
             ('unicode 日本語 🎉👩‍👩‍👧', 'héllo wörld ✓ 𝄞', 1, 1.00, now(), gen_random_uuid(), '{"emoji": "🎉", "nested": {"x": "✓"}}',
              '{"emoji": "🎉"}', convert_to('🎉', 'UTF8'), '{"🎉","日本"}', '{1}', 'happy', 'https://abcdefgh.supabase.co/storage/v1/object/public/b/x.png'),
             ('empty', '', 0, 0, null, null, '{}', '{}', '\\x', '{""}', '{}', null, ''),
             ('nulls', null, null, null, null, null, null, null, null, null, null, null, null);
            insert into plans (name, blob) select 'bytes', decode(string_agg(lpad(to_hex(i), 2, '0'), ''), 'hex') from generate_series(0, 255) i;
            insert into features values (1, 'root', 'Root', null), (1, 'child', E'Child\\nlabel', 'root'), (1, 'grandchild', '', 'child'),
             (2, 'root', null, null);
            insert into categories (id, parent_id, name) values (10, null, 'top'), (11, 10, 'mid'), (12, 11, 'leaf');
            insert into categories (name) values ('next');
            begin;
            set constraints all deferred;
            insert into team_a values (1, 1), (2, null);
            insert into team_b values (1, 2), (2, 1);
            commit;
            """;

    static final String[] TABLES = {"public.plans", "public.features", "public.categories", "public.team_a", "public.team_b"};
}
