/*
 * Compile-only declaration, never shipped. Mirrors hudson.EnvVars
 * from jenkinsci/jenkins (core/src/main/java/hudson/EnvVars.java), Jenkins core 2.541.x (read at commit 2abddbdfccc1); upstream uses a case-insensitive comparator.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson;

import java.util.Map;
import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(Map<String, String> m) {
        this();
        putAll(m);
    }
}
