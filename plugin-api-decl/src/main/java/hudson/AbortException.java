/*
 * Compile-only declaration, never shipped. Mirrors hudson.AbortException
 * from jenkinsci/jenkins (core/src/main/java/hudson/AbortException.java), Jenkins core 2.541.x.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson;

import java.io.IOException;

/** Fails a build with its message only, no stack trace. */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
