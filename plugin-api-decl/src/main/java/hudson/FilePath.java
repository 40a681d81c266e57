/*
 * Compile-only declaration, never shipped. Mirrors hudson.FilePath
 * from jenkinsci/jenkins (core/src/main/java/hudson/FilePath.java), Jenkins core 2.541.x; upstream implements SerializableOnlyOverRemoting.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson;

import hudson.remoting.Callable;

import java.io.IOException;
import java.io.Serializable;

public final class FilePath implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Upstream: runs the callable on the machine that holds this path (the agent for a workspace). */
    public <V, E extends Throwable> V act(Callable<V, E> callable) throws IOException, InterruptedException, E {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Upstream: the path as the agent sees it. */
    public String getRemote() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
