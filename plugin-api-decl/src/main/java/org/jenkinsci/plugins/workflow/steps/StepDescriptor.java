/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.plugins.workflow.steps.StepDescriptor
 * from jenkinsci/workflow-step-api-plugin (src/main/java/org/jenkinsci/plugins/workflow/steps/StepDescriptor.java), workflow-step-api from bom-2.541.x (getRequiredContext returns Set<? extends Class<?>>).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;

import java.util.Set;

public abstract class StepDescriptor extends Descriptor<Step> {
    /** Context the step cannot run without; Pipeline refuses to start it elsewhere (FilePath: only inside node). */
    public abstract Set<? extends Class<?>> getRequiredContext();

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        return false;
    }
}
