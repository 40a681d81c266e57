/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution
 * from jenkinsci/workflow-step-api-plugin (src/main/java/org/jenkinsci/plugins/workflow/steps/SynchronousNonBlockingStepExecution.java), workflow-step-api from bom-2.541.x (read at commit 154deb9d0538).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci.plugins.workflow.steps;

/** Upstream: run() executes on a background thread, off the CPS VM thread; its return value is the step's result. */
public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected SynchronousNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
