/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.remoting.RoleChecker
 * from jenkinsci/remoting (src/main/java/org/jenkinsci/remoting/RoleChecker.java), Remoting as bundled with Jenkins 2.541.x (type only).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci.remoting;

public abstract class RoleChecker {
}
