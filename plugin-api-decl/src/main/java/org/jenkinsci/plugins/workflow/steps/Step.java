/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.plugins.workflow.steps.Step
 * from jenkinsci/workflow-step-api-plugin (src/main/java/org/jenkinsci/plugins/workflow/steps/Step.java), workflow-step-api from bom-2.541.x (read at commit a2ef1d4d466c).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {
    public abstract StepExecution start(StepContext context) throws Exception;

    @Override
    public StepDescriptor getDescriptor() {
        return (StepDescriptor) super.getDescriptor();
    }
}
