package dev.supabaseops.migrate;

import dev.supabaseops.core.OpsException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lint gate over pending migrations: statements that lose data or break running clients
 * (drops, truncates, type changes, renames, unbounded UPDATE/DELETE) and policies created without
 * the {@code DROP POLICY IF EXISTS} that makes a file re-runnable. A file waives one rule with
 * {@code -- supabase-ops: allow <rule> <reason>}; the reason is required.
 */
public final class Linter {
    public static final Map<String, String> RULES = rules();
    private static final Pattern WAIVER = Pattern.compile("^[ \\t]*--[ \\t]*supabase-ops:[ \\t]*allow[ \\t]+(\\S+)[ \\t]*(.*?)[ \\t]*$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern ALTER_TABLE = Pattern.compile("^ALTER TABLE (IF EXISTS )?(ONLY )?(\"[^\"]*\"|\\S)+ (.*)$");
    private static final Pattern RENAME = Pattern.compile(" RENAME( |$)");
    private static final Pattern WRITE = Pattern.compile("\\b(UPDATE|DELETE FROM) ");
    private static final Pattern ALTER_TYPE = Pattern.compile("ALTER (COLUMN )?(\"[^\"]*\"|\\S+) (SET DATA )?TYPE .*");
    private static final Pattern POLICY = Pattern.compile("^(CREATE|DROP) POLICY (IF EXISTS )?(\"[^\"]*\"|\\S+) ON (\\S+)");

    /** Findings left after waivers, and the waivers with how much each covered. */
    public record Report(List<LintFinding> findings, List<LintWaiver> waivers) {
    }

    private Linter() {
    }

    private static Map<String, String> rules() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("drop-table", "DROP TABLE deletes a table and its data");
        r.put("drop-column", "DROP COLUMN deletes data and breaks clients that still read the column");
        r.put("truncate", "TRUNCATE deletes every row");
        r.put("alter-column-type", "ALTER COLUMN … TYPE rewrites the table under an exclusive lock and can lose precision");
        r.put("rename", "RENAME breaks clients that use the old name");
        r.put("update-without-where", "UPDATE without WHERE changes every row");
        r.put("delete-without-where", "DELETE without WHERE deletes every row");
        r.put("create-policy-without-drop", "CREATE POLICY without a preceding DROP POLICY IF EXISTS fails when the policy exists");
        return Map.copyOf(r);
    }

    public static Report check(List<MigrationFile> files) {
        List<LintFinding> findings = new ArrayList<>();
        List<LintWaiver> waivers = new ArrayList<>();
        for (MigrationFile f : files) {
            Report r = check(f);
            findings.addAll(r.findings());
            waivers.addAll(r.waivers());
        }
        return new Report(List.copyOf(findings), List.copyOf(waivers));
    }

    public static Report check(MigrationFile f) {
        Map<String, int[]> waived = new LinkedHashMap<>(); // rule -> {line, covered}
        Map<String, String> reasons = new LinkedHashMap<>();
        Matcher w = WAIVER.matcher(f.content());
        while (w.find()) {
            String rule = w.group(1).toLowerCase(Locale.ROOT);
            int line = lineAt(f.content(), w.start());
            if (!RULES.containsKey(rule)) {
                throw OpsException.usage(f.fileName() + ":" + line + ": unknown lint rule '" + rule + "' in waiver (rules: "
                        + String.join(", ", RULES.keySet().stream().sorted().toList()) + ")");
            }
            if (w.group(2).isBlank()) {
                throw OpsException.usage(f.fileName() + ":" + line + ": the waiver of " + rule
                        + " needs a reason: -- supabase-ops: allow " + rule + " <why this is safe>");
            }
            waived.putIfAbsent(rule, new int[]{line, 0});
            reasons.putIfAbsent(rule, w.group(2));
        }
        List<LintFinding> findings = new ArrayList<>();
        Set<String> droppedPolicies = new HashSet<>();
        for (int i = 0; i < f.statements().size(); i++) {
            String code = SqlText.head(SqlText.codeOnly(f.statements().get(i)));
            int line = f.codeLine(i);
            for (String rule : rulesHit(code, droppedPolicies)) {
                int[] waiver = waived.get(rule);
                if (waiver != null) {
                    waiver[1]++;
                } else {
                    findings.add(new LintFinding(f.fileName(), line, rule, RULES.get(rule)));
                }
            }
        }
        List<LintWaiver> waivers = new ArrayList<>();
        waived.forEach((rule, v) -> waivers.add(new LintWaiver(f.fileName(), v[0], rule, reasons.get(rule), v[1])));
        return new Report(findings, waivers);
    }

    static List<String> rulesHit(String code, Set<String> droppedPolicies) {
        List<String> hits = new ArrayList<>();
        if (code.startsWith("DROP TABLE ")) {
            hits.add("drop-table");
        }
        if (code.startsWith("TRUNCATE ")) {
            hits.add("truncate");
        }
        if (code.startsWith("ALTER ") && RENAME.matcher(code).find()) {
            hits.add("rename");
        }
        Matcher at = ALTER_TABLE.matcher(code);
        if (at.matches()) {
            for (String action : topLevelCommaSplit(at.group(4))) {
                String a = action.strip();
                if (a.startsWith("DROP ") && !a.startsWith("DROP CONSTRAINT ") && !hits.contains("drop-column")) {
                    hits.add("drop-column");
                }
                if (a.startsWith("ALTER ") && ALTER_TYPE.matcher(a).matches()
                        && !hits.contains("alter-column-type")) {
                    hits.add("alter-column-type");
                }
            }
        }
        unboundedWrites(code, hits);
        Matcher p = POLICY.matcher(code);
        if (p.find()) {
            String key = unquote(p.group(3)) + " ON " + qualified(unquote(p.group(4)));
            if (p.group(1).equals("DROP") && p.group(2) != null) {
                droppedPolicies.add(key);
            } else if (p.group(1).equals("CREATE") && !droppedPolicies.contains(key)) {
                hits.add("create-policy-without-drop");
            }
        }
        return hits;
    }

    /**
     * UPDATE and DELETE FROM that start a statement or a sub-statement (after {@code (}: a
     * data-modifying CTE; after {@code )}: the statement after a WITH list) and have no WHERE at
     * their own level: a WHERE inside a subquery of the SET list bounds nothing. {@code DO UPDATE},
     * {@code FOR UPDATE}, {@code GRANT UPDATE} and {@code ON DELETE} do not start one.
     */
    private static void unboundedWrites(String code, List<String> hits) {
        Matcher m = WRITE.matcher(code);
        while (m.find()) {
            int before = m.start() - 1;
            while (before >= 0 && code.charAt(before) == ' ') {
                before--;
            }
            if (before >= 0 && code.charAt(before) != '(' && code.charAt(before) != ')') {
                continue;
            }
            String rule = m.group(1).equals("UPDATE") ? "update-without-where" : "delete-without-where";
            if (!hasWhereAtItsLevel(code, m.end()) && !hits.contains(rule)) {
                hits.add(rule);
            }
        }
    }

    private static boolean hasWhereAtItsLevel(String code, int from) {
        int depth = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return false; // the end of this sub-statement
                }
                depth--;
            } else if (depth == 0 && code.startsWith("WHERE", i) && (code.charAt(i - 1) == ' ' || code.charAt(i - 1) == ')')
                    && (i + 5 == code.length() || code.charAt(i + 5) == ' ' || code.charAt(i + 5) == '(')) {
                return true;
            }
        }
        return false;
    }

    /** An unqualified table is taken as public's, the search path migrations run with. */
    private static String qualified(String table) {
        return table.contains(".") ? table : "PUBLIC." + table;
    }

    private static String unquote(String name) {
        return name.replace("\"", "");
    }

    private static List<String> topLevelCommaSplit(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    private static int lineAt(String s, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
