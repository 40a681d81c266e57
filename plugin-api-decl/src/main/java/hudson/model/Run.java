/*
 * Compile-only declaration, never shipped. Mirrors hudson.model.Run
 * from jenkinsci/jenkins (core/src/main/java/hudson/model/Run.java), Jenkins core 2.541.x (type parameters only; the plugin passes a Run to CredentialsProvider).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.model;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
}
