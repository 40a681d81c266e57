/*
 * Compile-only declaration, never shipped. Mirrors org.kohsuke.stapler.DataBoundConstructor
 * from jenkinsci/stapler (core/src/main/java/org/kohsuke/stapler/DataBoundConstructor.java), Stapler as bundled with Jenkins 2.541.x.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.kohsuke.stapler;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

@Retention(RUNTIME)
@Target(CONSTRUCTOR)
@Documented
public @interface DataBoundConstructor {
}
