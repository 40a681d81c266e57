/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.plugins.plaincredentials.StringCredentials
 * from jenkinsci/plain-credentials-plugin (src/main/java/org/jenkinsci/plugins/plaincredentials/StringCredentials.java), plain-credentials plugin from bom-2.541.x ("Secret text" credentials).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
