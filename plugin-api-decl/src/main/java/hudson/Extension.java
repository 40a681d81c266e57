/*
 * Compile-only declaration, never shipped. Mirrors hudson.Extension
 * from jenkinsci/jenkins (core/src/main/java/hudson/Extension.java), Jenkins core 2.541.x (read at commit e5ab7f47b81c).
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package hudson;

import jenkins.YesNoMaybe;
import net.java.sezpoz.Indexable;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

// @Indexable is what makes SezPoz write META-INF/annotations/hudson.Extension, the index
// Jenkins' ExtensionFinder.Sezpoz reads to discover extensions.
@Indexable
@Retention(RUNTIME)
@Target({TYPE, FIELD, METHOD})
@Documented
public @interface Extension {
    double ordinal() default 0;

    boolean optional() default false;

    YesNoMaybe dynamicLoadable() default YesNoMaybe.MAYBE;
}
