/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.plugins.workflow.steps.StepExecution
 * from jenkinsci/workflow-step-api-plugin (src/main/java/org/jenkinsci/plugins/workflow/steps/StepExecution.java), workflow-step-api from bom-2.541.x (read at commit 899e07e9779c).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;
    private final StepContext context;

    protected StepExecution(StepContext context) {
        this.context = context;
    }

    public StepContext getContext() {
        return context;
    }

    public abstract boolean start() throws Exception;
}
