/*
 * Compile-only declaration, never shipped. Mirrors jenkins.YesNoMaybe
 * from jenkinsci/jenkins (core/src/main/java/jenkins/YesNoMaybe.java), Jenkins core 2.541.x (referenced by hudson.Extension#dynamicLoadable).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package jenkins;

public enum YesNoMaybe {
    YES, NO, MAYBE
}
