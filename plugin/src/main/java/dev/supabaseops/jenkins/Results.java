package dev.supabaseops.jenkins;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.supabaseops.core.Redactor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an engine result record into the Map a pipeline receives: the same shape as the CLI's
 * {@code --json} (same Jackson settings), made only of String, Number, Boolean, List and Map, which
 * cross remoting under JEP-200 and are safe in the sandbox. Every string is redacted.
 */
public final class Results {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Results() {
    }

    public static Map<String, Object> toMap(Object result) {
        Map<String, Object> raw = JSON.convertValue(result, new TypeReference<LinkedHashMap<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> clean = (Map<String, Object>) redact(raw);
        return clean;
    }

    private static Object redact(Object value) {
        if (value instanceof String s) {
            return Redactor.redact(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(Redactor.redact(String.valueOf(k)), redact(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(redact(v)));
            return out;
        }
        return value;
    }
}
