/*
 * Compile-only declaration, never shipped. Mirrors hudson.model.Descriptor
 * from jenkinsci/jenkins (core/src/main/java/hudson/model/Descriptor.java), Jenkins core 2.541.x; upstream also implements Loadable, Saveable, OnMaster.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.model;

public abstract class Descriptor<T extends Describable<T>> {
    /** Upstream infers the described class from the enclosing class; nothing to do here. */
    protected Descriptor() {
    }

    public String getDisplayName() {
        return getClass().getSimpleName();
    }
}
