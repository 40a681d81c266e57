-- prod as the last release left it: older prices, one plan less, real users with profiles (user data).
insert into auth.users (id, email) values
  ('00000000-0000-4000-8000-000000000001', 'editor@example.com'),
  ('00000000-0000-4000-8000-000000000002', 'ada@example.com');
insert into plans (id, slug, name, price_cents, image_url, sort_order) values
  (1, 'free', 'Free',    0, '${PROD_URL}/storage/v1/object/public/plan-images/free.png', 1),
  (2, 'pro',  'Pro',  1900, '${PROD_URL}/storage/v1/object/public/plan-images/pro.png', 2);
insert into features (id, plan_id, key, label, meta) values
  ('10000000-0000-4000-8000-000000000001', 1, 'projects', '1 project',        '{"limit": 1}'),
  ('10000000-0000-4000-8000-000000000002', 2, 'projects', '10 projects',      '{"limit": 10}');
insert into profiles (id, display_name, plan_id) values
  ('00000000-0000-4000-8000-000000000002', 'Ada', 2);
