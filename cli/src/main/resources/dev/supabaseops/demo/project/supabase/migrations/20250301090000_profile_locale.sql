-- Release 3 (the one the demo promotes): a locale per profile and a faster feature lookup.
alter table public.profiles add column if not exists locale text not null default 'en';
create index if not exists features_key_idx on public.features (key);
