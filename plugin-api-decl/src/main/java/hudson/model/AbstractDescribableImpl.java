/*
 * Compile-only declaration, never shipped. Mirrors hudson.model.AbstractDescribableImpl
 * from jenkinsci/jenkins (core/src/main/java/hudson/model/AbstractDescribableImpl.java), Jenkins core 2.541.x (deprecated since 2.505, still the superclass of Step).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson.model;

public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
}
