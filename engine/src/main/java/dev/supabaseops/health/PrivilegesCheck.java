package dev.supabaseops.health;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A schema grants privileges only to the listed roles: schema USAGE/CREATE, privileges on its
 * tables, views and sequences, and default privileges for future tables and sequences. Owners
 * are always allowed (an owner's rights cannot be revoked from it). Functions are not judged:
 * PostgreSQL grants EXECUTE to PUBLIC on every new function, and without USAGE on the schema
 * nobody else can reach them anyway.
 */
public record PrivilegesCheck(String name, String schema, Set<String> roles, Duration timeout) implements HealthCheck {
    // aclexplode turns each ACL into (grantor, grantee, privilege_type, is_grantable); grantee 0 is PUBLIC.
    private static final String GRANTS = """
            with s as (select oid, nspname, nspowner, nspacl from pg_namespace where nspname = ?)
            select 'schema ' || quote_ident(s.nspname), coalesce(r.rolname, 'PUBLIC'), a.privilege_type
            from s cross join lateral aclexplode(s.nspacl) a left join pg_roles r on r.oid = a.grantee
            where a.grantee <> s.nspowner
            union all
            select case c.relkind when 'S' then 'sequence ' when 'v' then 'view ' when 'm' then 'materialized view '
                     when 'f' then 'foreign table ' else 'table ' end
                   || quote_ident(s.nspname) || '.' || quote_ident(c.relname), coalesce(r.rolname, 'PUBLIC'), a.privilege_type
            from s join pg_class c on c.relnamespace = s.oid and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
            cross join lateral aclexplode(c.relacl) a left join pg_roles r on r.oid = a.grantee
            where a.grantee <> c.relowner
            union all
            select 'future ' || case d.defaclobjtype when 'S' then 'sequences' else 'tables' end
                   || ' of ' || pg_get_userbyid(d.defaclrole), coalesce(r.rolname, 'PUBLIC'), a.privilege_type
            from s join pg_default_acl d on d.defaclnamespace = s.oid and d.defaclobjtype in ('r', 'S')
            cross join lateral aclexplode(d.defaclacl) a left join pg_roles r on r.oid = a.grantee
            where a.grantee <> d.defaclrole
            order by 2, 1, 3""";

    public PrivilegesCheck {
        roles = Set.copyOf(roles);
    }

    @Override
    public CheckKind kind() {
        return CheckKind.PRIVILEGES;
    }

    @Override
    public String target() {
        return "schema " + schema + " grants only to " + (roles.isEmpty() ? "its owners" : String.join(", ", roles.stream().sorted().toList()));
    }

    @Override
    public boolean needsDatabase() {
        return true;
    }

    @Override
    public CheckOutcome attempt(CheckContext context) {
        try {
            return Queries.readOnly(context.database(), timeout, c -> {
                try (PreparedStatement exists = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
                    exists.setString(1, schema);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (!rs.next()) {
                            return CheckOutcome.fail("schema " + schema + " does not exist");
                        }
                    }
                }
                // grantee → object → privileges, in query order
                Map<String, Map<String, List<String>>> offenders = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(GRANTS)) {
                    ps.setString(1, schema);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String grantee = rs.getString(2);
                            boolean allowed = roles.contains(grantee)
                                    || (grantee.equals("PUBLIC") && roles.contains("public"));
                            if (!allowed) {
                                offenders.computeIfAbsent(grantee, g -> new LinkedHashMap<>())
                                        .computeIfAbsent(rs.getString(1), o -> new ArrayList<>()).add(rs.getString(3));
                            }
                        }
                    }
                }
                if (offenders.isEmpty()) {
                    return CheckOutcome.pass("no grant outside the allowed roles");
                }
                List<String> parts = new ArrayList<>();
                offenders.forEach((grantee, objects) -> {
                    List<String> grants = new ArrayList<>();
                    objects.forEach((object, privileges) -> grants.add(String.join("/", privileges) + " on " + object));
                    parts.add(grantee + " has " + Queries.list(grants, 5));
                });
                return CheckOutcome.fail("schema " + schema + " grants to roles outside the allowed list: "
                        + String.join("; ", parts));
            });
        } catch (SQLException e) {
            return CheckOutcome.fail("query failed: " + Queries.reason(e, timeout));
        }
    }
}
