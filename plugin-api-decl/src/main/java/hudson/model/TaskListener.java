/*
 * Compile-only declaration, never shipped. Mirrors hudson.model.TaskListener
 * from jenkinsci/jenkins (core/src/main/java/hudson/model/TaskListener.java), Jenkins core 2.541.x (read at commit 0de34373dc4e); upstream extends SerializableOnlyOverRemoting, a Serializable.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.model;

import java.io.PrintStream;
import java.io.Serializable;

/** Upstream: every TaskListener handed to a plugin is remotable, so a callable may carry it to the agent. */
public interface TaskListener extends Serializable {
    PrintStream getLogger();
}
