/*
 * Compile-only declaration, never shipped. Mirrors com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials
 * from jenkinsci/credentials-plugin (src/main/java/com/cloudbees/plugins/credentials/common/UsernamePasswordCredentials.java), credentials plugin from bom-2.541.x.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package com.cloudbees.plugins.credentials.common;

public interface UsernamePasswordCredentials extends UsernameCredentials, PasswordCredentials {
}
