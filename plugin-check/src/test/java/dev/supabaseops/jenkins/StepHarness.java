package dev.supabaseops.jenkins;

import hudson.AbortException;
import hudson.model.TaskListener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a step the way {@link StepRunner} does, minus Jenkins: the credential store is a map of
 * id → secret, the bindings are resolved with the step's own rules (a binding whose credential is
 * missing fails, like {@code withCredentials}), and the agent-side work is called in this JVM.
 */
final class StepHarness {
    private final Map<String, String> store = new LinkedHashMap<>();
    private final Map<String, String> buildEnv = new LinkedHashMap<>();
    private final BuildLog log = new BuildLog();

    StepHarness credential(String id, String secret) {
        store.put(id, secret);
        return this;
    }

    StepHarness env(String name, String value) {
        buildEnv.put(name, value);
        return this;
    }

    String log() {
        return log.text();
    }

    Map<String, Object> run(OpsStep step, Path workspace) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (CredentialBinding b : step.credentialBindings()) {
            String value = store.get(b.credentialsId());
            if (value == null) {
                throw new AbortException("credential '" + b.credentialsId() + "' not in the test store");
            }
            secrets.put(b.variable(), value);
        }
        OpsCallable work = step.work(StepRunner.invocation(step, buildEnv, secrets, workspace.toString(), log));
        return work.call();
    }

    /** A TaskListener over a buffer, like the build log. */
    static final class BuildLog implements TaskListener {
        private static final long serialVersionUID = 1L;
        private final transient ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final transient PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        @Override
        public PrintStream getLogger() {
            return out;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
