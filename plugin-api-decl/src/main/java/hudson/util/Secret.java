/*
 * Compile-only declaration, never shipped. Mirrors hudson.util.Secret
 * from jenkinsci/jenkins (core/src/main/java/hudson/util/Secret.java), Jenkins core 2.541.x.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.util;

import java.io.Serializable;

public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {
    }

    public String getPlainText() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
