/*
 * Compile-only declaration, never shipped. Mirrors hudson.ExtensionPoint
 * from jenkinsci/jenkins (core/src/main/java/hudson/ExtensionPoint.java), Jenkins core 2.541.x (a marker interface).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson;

public interface ExtensionPoint {
}
