package dev.supabaseops.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves credential bindings on the controller, in the context of the run, and tracks their use. */
final class Credentials {
    private Credentials() {
    }

    /** Variable name → secret value for every binding whose credential exists. */
    static Map<String, String> resolve(Run<?, ?> run, List<CredentialBinding> bindings) throws AbortException {
        Map<String, String> values = new LinkedHashMap<>();
        for (CredentialBinding b : bindings) {
            String value = lookup(run, b);
            if (value == null) {
                throw new AbortException("credential '" + b.credentialsId() + "' (for " + b.variable()
                        + ") was not found, is not " + describe(b.kind())
                        + ", or this build may not use it: check the id under Manage Jenkins > Credentials,"
                        + " or pass '' to bind nothing");
            }
            values.put(b.variable(), value);
        }
        return values;
    }

    private static String lookup(Run<?, ?> run, CredentialBinding b) {
        // findCredentialById resolves folder and global stores and honours the triggering user's
        // permissions; track() records the use in the credential's fingerprint.
        StringCredentials text = CredentialsProvider.findCredentialById(b.credentialsId(), StringCredentials.class, run);
        if (text != null) {
            CredentialsProvider.track(run, text);
            return text.getSecret().getPlainText();
        }
        if (b.kind().passwordAllowed()) {
            StandardUsernamePasswordCredentials up = CredentialsProvider.findCredentialById(
                    b.credentialsId(), StandardUsernamePasswordCredentials.class, run);
            if (up != null) {
                CredentialsProvider.track(run, up);
                return up.getPassword().getPlainText();
            }
        }
        return null;
    }

    private static String describe(CredentialBinding.Kind kind) {
        return kind.passwordAllowed() ? "a Secret text or Username with password credential"
                : "a Secret text credential";
    }
}
