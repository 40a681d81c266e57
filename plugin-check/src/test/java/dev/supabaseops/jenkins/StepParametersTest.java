package dev.supabaseops.jenkins;

import com.fasterxml.jackson.databind.JsonNode;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every plugin step against {@code steps.json}, the catalog the shared library's vars, their docs and
 * the CLI flags are generated from: the same argument names, which ones are mandatory, their types and
 * defaults, the same credential arguments and binding rules, and a Snippet Generator field and help
 * page for each.
 */
class StepParametersTest {
    private static final JsonNode CATALOG = Catalog.steps();

    @TestFactory
    Stream<DynamicTest> everyStepMatchesTheCatalog() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (StepDescriptor d : Catalog.descriptors()) {
            String name = d.getFunctionName();
            Class<?> type = Catalog.stepClass(d);
            JsonNode spec = CATALOG.path("steps").path(name);
            tests.add(DynamicTest.dynamicTest(name + ": arguments", () -> arguments(type, spec)));
            tests.add(DynamicTest.dynamicTest(name + ": mandatory arguments are the constructor's", () -> mandatory(type, spec)));
            tests.add(DynamicTest.dynamicTest(name + ": types and defaults", () -> typesAndDefaults(type, spec)));
            tests.add(DynamicTest.dynamicTest(name + ": credential bindings", () -> credentials(type, spec)));
            tests.add(DynamicTest.dynamicTest(name + ": Snippet Generator form and help", () -> form(type, spec)));
        }
        return tests.stream();
    }

    @Test
    void credentialKindsAreTheCatalogs() {
        Set<String> keys = new LinkedHashSet<>();
        CATALOG.path("credentialKinds").fields().forEachRemaining(e -> {
            keys.add(e.getKey());
            CredentialBinding.Kind kind = kind(((ObjectNode) e.getValue().deepCopy()).put("kind", e.getKey()));
            assertThat(kind.variable("pre-prod")).isEqualTo(String.format(e.getValue().path("variable").asText(), "PRE_PROD"));
            assertThat(kind.conventionalId("Pre-Prod")).isEqualTo(String.format(e.getValue().path("convention").asText(), "pre-prod"));
        });
        assertThat(keys).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(CredentialBinding.Kind.values()).map(CredentialBinding.Kind::key).toList());
    }

    /** Argument name → its spec: the step's CLI arguments, the common CLI ones, and the credential ids. */
    static Map<String, JsonNode> expected(JsonNode spec) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        spec.path("args").fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue()));
        CATALOG.path("commonArgs").fields().forEachRemaining(e -> {
            if (!"library".equals(e.getValue().path("scope").asText())) { // library-only: cliJar, jsonFile
                all.put(e.getKey(), e.getValue());
            }
        });
        for (JsonNode c : spec.path("credentials")) {
            all.put(kind(c).argument(c.path("env").asText()), c);
        }
        return all;
    }

    private static void arguments(Class<?> type, JsonNode spec) {
        assertThat(parameters(type).keySet()).containsExactlyInAnyOrderElementsOf(expected(spec).keySet());
    }

    private static void mandatory(Class<?> type, JsonNode spec) {
        List<String> required = new ArrayList<>();
        spec.path("args").fields().forEachRemaining(e -> {
            if (e.getValue().path("required").asBoolean(false)) {
                required.add(e.getKey());
            }
        });
        assertThat(constructorParameters(type)).containsExactlyElementsOf(required);
    }

    private static void typesAndDefaults(Class<?> type, JsonNode spec) throws Exception {
        Object step = instance(type);
        for (Map.Entry<String, JsonNode> e : expected(spec).entrySet()) {
            String arg = e.getKey();
            String declared = e.getValue().has("kind") ? "credentials" : e.getValue().path("type").asText("string");
            Class<?> actual = parameters(type).get(arg);
            switch (declared) {
                case "boolean" -> {
                    assertThat(actual).as(arg).isEqualTo(boolean.class);
                    assertThat(getter(type, arg).invoke(step)).as("default of " + arg)
                            .isEqualTo(e.getValue().path("default").asBoolean(false));
                }
                case "repeat" -> { // a repeatable CLI flag: a list in the Jenkinsfile
                    assertThat(actual).as(arg).isEqualTo(List.class);
                    assertThat(getter(type, arg).invoke(step)).as(arg + ": empty by default").isEqualTo(List.of());
                }
                case "integer" -> {
                    assertThat(actual).as(arg).isEqualTo(Integer.class);
                    assertThat(getter(type, arg).invoke(step)).as(arg + ": unset means the configuration's value").isNull();
                }
                default -> { // string, enum, list (comma-separated, as the CLI flag), credentials ids
                    assertThat(actual).as(arg).isEqualTo(String.class);
                    if (!constructorParameters(type).contains(arg)) {
                        assertThat(getter(type, arg).invoke(step)).as("default of " + arg)
                                .isEqualTo(e.getValue().path("default").isMissingNode() ? null : e.getValue().path("default").asText());
                    }
                }
            }
        }
    }

    /** The shared library's rules: required → conventional id; optional → nothing; '' → nothing; an id → that id. */
    private static void credentials(Class<?> type, JsonNode spec) throws Exception {
        OpsStep step = (OpsStep) instance(type);
        Map<String, String> expectedDefault = new LinkedHashMap<>();
        for (JsonNode c : spec.path("credentials")) {
            String env = environmentOf(step, type, c.path("env").asText());
            JsonNode kind = CATALOG.path("credentialKinds").path(c.path("kind").asText());
            if (c.path("required").asBoolean() && env != null) {
                expectedDefault.put(String.format(kind.path("variable").asText(), env.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")),
                        String.format(kind.path("convention").asText(), env.toLowerCase(Locale.ROOT)));
            }
        }
        assertThat(bindings(step)).isEqualTo(expectedDefault);

        for (JsonNode c : spec.path("credentials")) {
            String arg = kind(c).argument(c.path("env").asText());
            setter(type, arg).invoke(step, "");
        }
        assertThat(bindings(step)).as("'' binds nothing").isEmpty();

        for (JsonNode c : spec.path("credentials")) {
            String arg = kind(c).argument(c.path("env").asText());
            setter(type, arg).invoke(step, "id-" + arg);
        }
        long withEnvironment = 0;
        for (JsonNode c : spec.path("credentials")) {
            if (environmentOf(step, type, c.path("env").asText()) != null) {
                withEnvironment++;
            }
        }
        assertThat(bindings(step).values()).as("given ids are used").allMatch(id -> id.startsWith("id-"))
                .hasSize((int) withEnvironment);
    }

    private static void form(Class<?> type, JsonNode spec) throws IOException {
        String base = type.getName().replace('.', '/') + "/";
        String jelly = resource(base + "config.jelly");
        assertThat(jelly).as(base + "config.jelly").isNotNull();
        for (Map.Entry<String, JsonNode> e : expected(spec).entrySet()) {
            String help = resource(base + "help-" + e.getKey() + ".html");
            assertThat(help).as(base + "help-" + e.getKey() + ".html").isNotBlank();
            if ("repeat".equals(e.getValue().path("type").asText()) || e.getValue().has("kind")) {
                // Stapler cannot bind a text field to a list, and an empty credentials-id field would bind
                // '' (= bind nothing): such arguments are written in the Jenkinsfile
                assertThat(jelly).doesNotContain("field=\"" + e.getKey() + "\"");
                assertThat(help).contains("write it in the Jenkinsfile");
            } else {
                assertThat(jelly).as("config.jelly field for " + e.getKey()).contains("field=\"" + e.getKey() + "\"");
            }
            String flag = e.getValue().path("flag").asText(null);
            if (flag != null) {
                assertThat(help).as("help of " + e.getKey() + " names the CLI flag").contains(flag);
            }
        }
        assertThat(resource(base + "help.html")).as(base + "help.html").isNotBlank();
    }

    // --- reflection over the data-binding annotations, the way Stapler and structs read them ---

    static Map<String, Class<?>> parameters(Class<?> type) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        Constructor<?> c = dataBoundConstructor(type);
        for (Parameter p : c.getParameters()) {
            out.put(p.getName(), p.getType());
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                assertThat(m.getName()).startsWith("set");
                assertThat(m.getParameterCount()).isEqualTo(1);
                out.put(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4), m.getParameterTypes()[0]);
            }
        }
        return out;
    }

    static List<String> constructorParameters(Class<?> type) {
        return Arrays.stream(dataBoundConstructor(type).getParameters()).map(Parameter::getName).toList();
    }

    private static Constructor<?> dataBoundConstructor(Class<?> type) {
        List<Constructor<?>> annotated = Arrays.stream(type.getConstructors())
                .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).toList();
        assertThat(annotated).as("one @DataBoundConstructor on " + type.getSimpleName()).hasSize(1);
        Parameter[] ps = annotated.get(0).getParameters();
        assertThat(ps).allMatch(Parameter::isNamePresent); // compiled with -parameters, like the real build
        return annotated.get(0);
    }

    /** A step with each mandatory argument set to an environment-like name ("prod-1", "preprod"). */
    private static Object instance(Class<?> type) throws Exception {
        Constructor<?> c = dataBoundConstructor(type);
        Object[] args = new Object[c.getParameterCount()];
        List<String> names = constructorParameters(type);
        for (int i = 0; i < args.length; i++) {
            args[i] = names.get(i).equals("from") ? "preprod" : "Prod-1";
        }
        return c.newInstance(args);
    }

    private static String environmentOf(Object step, Class<?> type, String arg) throws Exception {
        return (String) getter(type, arg).invoke(step);
    }

    private static Map<String, String> bindings(OpsStep step) {
        Map<String, String> out = new LinkedHashMap<>();
        step.credentialBindings().forEach(b -> out.put(b.variable(), b.credentialsId()));
        return out;
    }

    private static Method getter(Class<?> type, String arg) throws NoSuchMethodException {
        String cap = Character.toUpperCase(arg.charAt(0)) + arg.substring(1);
        try {
            return type.getMethod("get" + cap);
        } catch (NoSuchMethodException e) {
            return type.getMethod("is" + cap);
        }
    }

    private static Method setter(Class<?> type, String arg) throws NoSuchMethodException {
        return type.getMethod("set" + Character.toUpperCase(arg.charAt(0)) + arg.substring(1), String.class);
    }

    private static CredentialBinding.Kind kind(JsonNode credential) {
        String key = credential.path("kind").asText();
        return Arrays.stream(CredentialBinding.Kind.values()).filter(k -> k.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("steps.json credential kind '" + key + "' has no CredentialBinding.Kind"));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = StepParametersTest.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
