package dev.supabaseops.jenkins

import dev.supabaseops.jenkins.harness.PipelineHarness
import org.junit.jupiter.api.Test

import java.nio.file.Files
import java.nio.file.Path
import java.util.stream.Collectors

import static org.assertj.core.api.Assertions.assertThat

/**
 * A library class must not share its name with a class of the plugin, engine included (the plugin
 * bundles it). Pipeline scripts are compiled by a class loader whose parent is Jenkins' uberClassLoader,
 * which sees every installed plugin (workflow-cps CpsGroovyShellFactory.makeClassLoader), and Groovy
 * keeps a compiled class found there over the library's source: with the plugin installed, every
 * var would get the plugin's class of the same name (dev.supabaseops.jenkins.StepRunner did).
 */
class ClassNamesIT {
    static final File ROOT = PipelineHarness.REPO_ROOT

    static Set<String> classNames(String dir, String extension) {
        Path base = ROOT.toPath().resolve(dir)
        def files = Files.walk(base)
        try {
            return files.filter { it.toString().endsWith(extension) }
                    .map { base.relativize(it).toString().replace(File.separator, '.').replaceAll(/\.[a-z]+$/, '') }
                    .collect(Collectors.toSet())
        } finally {
            files.close()
        }
    }

    @Test
    void noLibraryClassHasTheNameOfAPluginOrEngineClass() {
        Set<String> library = classNames('src', '.groovy')
        Set<String> plugin = classNames('plugin/src/main/java', '.java') + classNames('engine/src/main/java', '.java')
        assertThat(library).contains('dev.supabaseops.library.StepRunner', 'dev.supabaseops.library.StepCatalog')
        assertThat(plugin).contains('dev.supabaseops.jenkins.StepRunner', 'dev.supabaseops.db.Database')
        assertThat(library.intersect(plugin)).isEmpty()
    }
}
