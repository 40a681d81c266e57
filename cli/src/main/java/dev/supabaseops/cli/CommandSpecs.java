package dev.supabaseops.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Commands declared through picocli's programmatic API, for the root and the storage commands: the
 * same options, help and errors as {@code @Command}/{@code @Option} would give, bound to the
 * command's fields, but without reading annotations. A cold JVM reads an annotation by generating
 * a proxy class for its type (picocli's {@code Command} and {@code Option}, plus {@code Deprecated}
 * and {@code IntrinsicCandidate} from {@code java.lang.Object}'s methods, which picocli inspects
 * too): ~40 ms of an unchanged nightly backup's start (docs/benchmarks.md). Picocli's guide to
 * this API (picocli.info/picocli-programmatic-api.html) says that everything the annotations do it
 * can do, and that annotations read better for most applications: so only the commands whose
 * start-up is measured (bench/storage.sh) are declared here.
 */
final class CommandSpecs {
    private CommandSpecs() {
    }

    /**
     * What {@code @Command(name, mixinStandardHelpOptions = true, sortOptions = false, description,
     * exitCodeListHeading = "%nExit codes:%n", exitCodeList)} declares, without the help options:
     * {@link #standardHelp} adds them once the command's own options are in, where the mixin puts them.
     */
    static CommandSpec command(Object userObject, String name, boolean sortOptions, String[] description, String... exitCodes) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject).name(name);
        spec.usageMessage().sortOptions(sortOptions).description(description).exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodeList(exitCodes));
        return spec;
    }

    /** {@code -h/--help} and {@code -V/--version} with the texts of picocli's {@code mixinStandardHelpOptions}. */
    static CommandSpec standardHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.").build());
        return spec;
    }

    /** {@code "code:text"} entries, as {@code @Command(exitCodeList)} takes them. */
    private static Map<String, String> exitCodeList(String... entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String e : entries) {
            int colon = e.indexOf(':');
            map.put(e.substring(0, colon), e.substring(colon + 1));
        }
        return map;
    }

    static OptionSpec text(String name, String label, String description, Supplier<String> get, Consumer<String> set) {
        return bound(OptionSpec.builder(name).paramLabel(label).type(String.class), description, get, set);
    }

    static OptionSpec requiredText(String name, String label, String description, Supplier<String> get, Consumer<String> set) {
        return bound(OptionSpec.builder(name).paramLabel(label).type(String.class).required(true), description, get, set);
    }

    static OptionSpec number(String name, String label, String description, Supplier<Integer> get, Consumer<Integer> set) {
        return bound(OptionSpec.builder(name).paramLabel(label).type(Integer.class), description, get, set);
    }

    static OptionSpec path(String name, String label, String description, Supplier<Path> get, Consumer<Path> set) {
        return bound(OptionSpec.builder(name).paramLabel(label).type(Path.class), description, get, set);
    }

    /** A comma-separated, repeatable list: {@code @Option(split = ",")} on a {@code List<String>}. */
    static OptionSpec list(String name, String label, String description, Supplier<List<String>> get, Consumer<List<String>> set) {
        return bound(OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class).splitRegex(","),
                description, get, set);
    }

    static OptionSpec flag(String name, String description, Supplier<Boolean> get, Consumer<Boolean> set) {
        return bound(OptionSpec.builder(name).type(boolean.class), description, get, v -> set.accept(Boolean.TRUE.equals(v)));
    }

    /** The option with its help text, reading and writing the command's field the way an annotated one would. */
    private static <V> OptionSpec bound(OptionSpec.Builder option, String description, Supplier<V> get, Consumer<V> set) {
        return option.description(description).getter(getter(get)).setter(setter(set)).build();
    }

    // IGetter and ISetter have generic methods, so they cannot be lambdas.
    private static <V> IGetter getter(Supplier<V> get) {
        return new IGetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get() {
                return (T) get.get();
            }
        };
    }

    private static <V> ISetter setter(Consumer<V> set) {
        return new ISetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T set(T value) {
                set.accept((V) value);
                return null;
            }
        };
    }
}
