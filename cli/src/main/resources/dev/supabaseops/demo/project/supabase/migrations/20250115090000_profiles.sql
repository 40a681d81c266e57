-- Release 1: user profiles (user data: never copied between environments).
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text,
  plan_id bigint references public.plans (id)
);
alter table public.profiles enable row level security;

drop policy if exists "own profile" on public.profiles;
create policy "own profile" on public.profiles for all to authenticated
  using (id = auth.uid()) with check (id = auth.uid());
