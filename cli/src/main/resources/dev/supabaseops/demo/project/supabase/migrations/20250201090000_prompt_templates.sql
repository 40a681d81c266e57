-- Release 2: prompt templates edited by the product team in preprod.
create table public.prompt_templates (
  slug text primary key,
  body text not null,
  hero_image text,
  updated_at timestamptz not null default now()
);
alter table public.prompt_templates enable row level security;

drop policy if exists "templates are public" on public.prompt_templates;
create policy "templates are public" on public.prompt_templates for select to anon, authenticated using (true);

-- The ops schema is for the service only.
create schema if not exists ops;
revoke all on schema ops from anon, authenticated;
create table ops.release_log (id bigint generated always as identity primary key, note text, at timestamptz default now());
