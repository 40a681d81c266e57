package dev.supabaseops.core;

import java.util.Objects;

/**
 * A password or key. Its {@code toString} is redacted so it cannot reach a log by accident;
 * the value is read only through {@link #reveal()} at the point of use. Creating one registers
 * the value with {@link Redactor} so it is masked in any message that still carries it.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Returns a secret for a non-empty value, or {@code null} for null/blank input. */
    public static Secret ofNullable(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Redactor.register(value);
        return new Secret(value);
    }

    public static Secret of(String value) {
        Secret s = ofNullable(value);
        if (s == null) {
            throw new IllegalArgumentException("empty secret");
        }
        return s;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
