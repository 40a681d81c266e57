/*
 * Compile-only declaration, never shipped. Mirrors com.cloudbees.plugins.credentials.Credentials
 * from jenkinsci/credentials-plugin (src/main/java/com/cloudbees/plugins/credentials/Credentials.java), credentials plugin from bom-2.541.x; upstream also extends Describable<Credentials> and ExtensionPoint, unused here.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package com.cloudbees.plugins.credentials;

import java.io.Serializable;

public interface Credentials extends Serializable {
}
