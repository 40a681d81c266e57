/*
 * Compile-only declaration, never shipped. Mirrors hudson.remoting.Callable
 * from jenkinsci/remoting (src/main/java/hudson/remoting/Callable.java), Remoting as bundled with Jenkins 2.541.x (read at commit 14ad62c1195a); the default getChannelOrFail helpers are left out.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.remoting;

import org.jenkinsci.remoting.RoleSensitive;

import java.io.Serializable;

public interface Callable<V, T extends Throwable> extends Serializable, RoleSensitive {
    V call() throws T;
}
