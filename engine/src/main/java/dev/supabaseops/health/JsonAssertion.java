package dev.supabaseops.health;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.core.Redactor;

/**
 * An assertion on a JSON response body at a JSON Pointer (RFC 6901): the value equals
 * {@code expected}, or, when {@code expected} is null, the value exists.
 *
 * <p>A textual expectation is compared with the text of a scalar value, because flags and YAML
 * strings cannot say "boolean" ({@code /ready=true} matches {@code true} and {@code "true"}).
 * Any other expectation (YAML boolean, number, null, object) must match in type and value.
 */
public record JsonAssertion(JsonPointer pointer, JsonNode expected) {

    public boolean isExists() {
        return expected == null;
    }

    /** Null when the body satisfies the assertion, else the reason. */
    String check(JsonNode body) {
        JsonNode actual = body.at(pointer);
        if (actual.isMissingNode()) {
            return pointer + " is missing";
        }
        if (expected == null || matches(actual)) {
            return null;
        }
        return pointer + " is " + shorten(actual.toString()) + " (expected " + shorten(expected.toString()) + ")";
    }

    private boolean matches(JsonNode actual) {
        if (expected.isTextual()) {
            return actual.isValueNode() && !actual.isNull() && actual.asText().equals(expected.asText());
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    /** Masked before it is cut: a cut secret would no longer be recognised by the redactor. */
    private static String shorten(String s) {
        String masked = Redactor.redact(s);
        return masked.length() > 80 ? masked.substring(0, 79) + "…" : masked;
    }

    @Override
    public String toString() {
        return expected == null ? pointer + " exists" : pointer + " = " + expected;
    }
}
