/*
 * Compile-only declaration, never shipped. Mirrors hudson.model.Job
 * from jenkinsci/jenkins (core/src/main/java/hudson/model/Job.java), Jenkins core 2.541.x (type parameters only: Run's bound needs them).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
}
