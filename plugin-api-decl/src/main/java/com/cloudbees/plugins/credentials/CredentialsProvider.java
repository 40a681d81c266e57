/*
 * Compile-only declaration, never shipped. Mirrors com.cloudbees.plugins.credentials.CredentialsProvider
 * from jenkinsci/credentials-plugin (src/main/java/com/cloudbees/plugins/credentials/CredentialsProvider.java), credentials plugin from bom-2.541.x: the 3-argument findCredentialById (older releases resolve the same call to the DomainRequirement... overload) and track(Run, C) since 2.1.1.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Run;

public abstract class CredentialsProvider {
    /**
     * Upstream: resolves the id in the context of the run (folder and global stores, the user who
     * triggered it); null when missing, of another type, or not permitted.
     */
    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run) {
        throw new UnsupportedOperationException("compile-only declaration");
    }

    /** Upstream: records the use in the credential's fingerprint, shown on the credential's page. */
    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> C track(Run build, C credentials) {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
