package dev.supabaseops.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SezPoz wrote the index Jenkins discovers extensions from, and it holds every step's descriptor. */
class ExtensionIndexTest {
    @Test
    void indexFileIsGenerated() {
        URL index = getClass().getClassLoader().getResource("META-INF/annotations/hudson.Extension");
        assertThat(index).as("META-INF/annotations/hudson.Extension").isNotNull();
        assertThat(index.getPath()).contains("plugin-check/target/classes");
    }

    @Test
    void everyStepDescriptorIsIndexedWithItsSymbolAndRequiredContext() throws Exception {
        List<StepDescriptor> descriptors = Catalog.descriptors();

        assertThat(descriptors).extracting(StepDescriptor::getFunctionName).containsExactlyInAnyOrderElementsOf(
                iterable(Catalog.steps().path("steps").fieldNames()));
        for (StepDescriptor d : descriptors) {
            Symbol symbol = d.getClass().getAnnotation(Symbol.class);
            assertThat(symbol).as("@Symbol on " + d.getClass().getName()).isNotNull();
            assertThat(symbol.value()).containsExactly(d.getFunctionName());
            assertThat(Step.class).isAssignableFrom(Catalog.stepClass(d));
            assertThat(d.getDisplayName()).startsWith("Supabase: ");
            assertThat(d.takesImplicitBlockArgument()).isFalse();
            // inside node only: the work runs on the agent that holds the workspace
            assertThat(new java.util.HashSet<Class<?>>(d.getRequiredContext())).containsExactlyInAnyOrder(Run.class, TaskListener.class, EnvVars.class, FilePath.class);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
