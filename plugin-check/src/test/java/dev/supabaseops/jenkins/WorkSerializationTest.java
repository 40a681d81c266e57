package dev.supabaseops.jenkins;

import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** FilePath.act sends each step's work to the agent with Java serialization: it must serialize. */
class WorkSerializationTest {
    @Test
    void everyStepsWorkSerializes() throws Exception {
        for (StepDescriptor d : Catalog.descriptors()) {
            Constructor<?> c = Catalog.stepClass(d).getConstructors()[0];
            Object[] args = new Object[c.getParameterCount()];
            java.util.Arrays.fill(args, "prod");
            OpsStep step = (OpsStep) c.newInstance(args);
            OpsCallable work = step.work(new OpsCallable.Invocation(step.stepName(), Map.of("A", "b"), Set.of("A"),
                    "/ws", null, new StepHarness.BuildLog()));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(work);
            }
            assertThat(bytes.size()).as(d.getFunctionName()).isPositive();
        }
    }
}
