/*
 * Compile-only declaration, never shipped. Mirrors jenkins.security.MasterToSlaveCallable
 * from jenkinsci/jenkins (core/src/main/java/jenkins/security/MasterToSlaveCallable.java), Jenkins core 2.541.x (read at commit d7af17539e48).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package jenkins.security;

import jenkins.agents.ControllerToAgentCallable;

public abstract class MasterToSlaveCallable<V, T extends Throwable> implements ControllerToAgentCallable<V, T> {
    private static final long serialVersionUID = 1L;
}
