-- preprod after the product team's edits: a new plan, new prices, new templates. Image URLs point at
-- preprod's Storage (and one still at the local-dev API, as data created with `supabase start` does).
insert into auth.users (id, email) values
  ('00000000-0000-4000-8000-000000000001', 'editor@example.com');
insert into plans (id, slug, name, price_cents, image_url, sort_order) values
  (1, 'free', 'Free',    0, '${PREPROD_URL}/storage/v1/object/public/plan-images/free.png', 1),
  (2, 'pro',  'Pro',  2400, 'http://127.0.0.1:54321/storage/v1/object/public/plan-images/pro.png', 2),
  (3, 'team', 'Team', 5900, '${PREPROD_URL}/storage/v1/object/public/plan-images/team.png', 3);
insert into features (id, plan_id, key, label, meta) values
  ('10000000-0000-4000-8000-000000000001', 1, 'projects', '1 project',        '{"limit": 1}'),
  ('10000000-0000-4000-8000-000000000002', 2, 'projects', 'Unlimited projects', '{"limit": null}'),
  ('10000000-0000-4000-8000-000000000003', 2, 'support',  'Email support',    '{"sla_hours": 24}'),
  ('10000000-0000-4000-8000-000000000004', 3, 'projects', 'Unlimited projects', '{"limit": null}'),
  ('10000000-0000-4000-8000-000000000005', 3, 'sso',      'Single sign-on',   '{"icon": "${PREPROD_URL}/storage/v1/object/public/plan-images/icons/sso.svg"}');
insert into prompt_templates (slug, body, hero_image) values
  ('welcome', E'Hello {{name}},\n-- this line starts with two dashes\n--- and this one with three\nIt''s a "quoted" \\ backslashed line.', '${PREPROD_URL}/storage/v1/object/public/plan-images/hero.png'),
  ('upgrade', E'You are on {{plan}}.\n\\connect looks like psql but is text 🚀', '${PREPROD_URL}/storage/v1/object/sign/plan-images/hero.png?token=eyJhbGciOiJIUzI1NiJ9.demo');
