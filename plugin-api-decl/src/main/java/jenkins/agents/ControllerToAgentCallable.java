/*
 * Compile-only declaration, never shipped. Mirrors jenkins.agents.ControllerToAgentCallable
 * from jenkinsci/jenkins (core/src/main/java/jenkins/agents/ControllerToAgentCallable.java), Jenkins core 2.541.x (since 2.485; read at commit 57775ec0494f).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package jenkins.agents;

import hudson.remoting.Callable;
import org.jenkinsci.remoting.RoleChecker;

public interface ControllerToAgentCallable<V, T extends Throwable> extends Callable<V, T> {
    /** Upstream: {@code checker.check(this, Roles.SLAVE)}, i.e. this callable may run on an agent. */
    @Override
    default void checkRoles(RoleChecker checker) throws SecurityException {
    }
}
