/*
 * Compile-only declaration, never shipped. Mirrors hudson.model.Describable
 * from jenkinsci/jenkins (core/src/main/java/hudson/model/Describable.java), Jenkins core 2.541.x (getDescriptor is a default method since 2.505).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.model;

public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("compile-only declaration");
    }
}
