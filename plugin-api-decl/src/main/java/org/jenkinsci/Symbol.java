/*
 * Compile-only declaration, never shipped. Mirrors org.jenkinsci.Symbol
 * from jenkinsci/lib-symbol-annotation (artifact org.jenkins-ci:symbol-annotation) (src/main/java/org/jenkinsci/Symbol.java), as managed by bom-2.541.x. Upstream is meta-annotated @org.jvnet.hudson.annotation_indexer.Indexed, whose processor is not on Maven Central; the index is written in the -Pjenkins build.
 * Only the members the supabase-ops plugin uses are declared, with the upstream signatures;
 * bodies are placeholders. See plugin-api-decl/README.md.
 */
package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

@Retention(RUNTIME)
@Target({TYPE})
@Documented
public @interface Symbol {
    String[] value();
}
