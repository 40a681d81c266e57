/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.plugins.workflow.steps.StepContext
 * from jenkinsci/workflow-step-api-plugin (src/main/java/org/jenkinsci/plugins/workflow/steps/StepContext.java), workflow-step-api from bom-2.541.x (read at commit 30add9497079); upstream also implements Guava's FutureCallback<Object>, unused here.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci.plugins.workflow.steps;

import java.io.IOException;
import java.io.Serializable;

public abstract class StepContext implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Upstream: Run, TaskListener, EnvVars, FilePath, … of the running step, or null if unavailable. */
    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;
}
