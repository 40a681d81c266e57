package dev.supabaseops.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.Extension;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps' single source of truth, {@code resources/dev/supabaseops/steps.json} at the repository
 * root (the shared library reads it as a library resource), and the plugin's steps as Jenkins finds
 * them: through the SezPoz {@code @Extension} index.
 */
final class Catalog {
    static final Path STEPS_JSON = Path.of("..", "resources", "dev", "supabaseops", "steps.json");

    private Catalog() {
    }

    static JsonNode steps() {
        try {
            return new ObjectMapper().readTree(Files.readString(STEPS_JSON));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STEPS_JSON.toAbsolutePath().normalize(), e);
        }
    }

    /** Every StepDescriptor in the @Extension index, instantiated the way Jenkins' ExtensionFinder.Sezpoz does. */
    static List<StepDescriptor> descriptors() throws InstantiationException {
        List<StepDescriptor> out = new ArrayList<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, Catalog.class.getClassLoader())) {
            Object instance = item.instance();
            if (instance instanceof StepDescriptor d) {
                out.add(d);
            }
        }
        return out;
    }

    /** The step class a descriptor describes (its enclosing class, as Descriptor's default constructor infers). */
    static Class<?> stepClass(StepDescriptor d) {
        return d.getClass().getEnclosingClass();
    }
}
