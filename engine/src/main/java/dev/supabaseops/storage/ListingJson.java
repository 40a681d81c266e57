package dev.supabaseops.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Storage API listings (buckets, list-v2 pages, v1 rows) read with Jackson's streaming parser, and
 * the listing request bodies written with its generator. A backup needs nothing else from JSON, so
 * it never builds an {@code ObjectMapper}, whose start-up alone was a noticeable part of a short
 * run. Values are read the way the {@code JsonNode} accessors this replaced read them
 * ({@code asText}, {@code asLong(default)}, {@code asBoolean(default)}, {@code hasNonNull}), so
 * odd answers from a server map to the same objects as before.
 */
final class ListingJson {
    static final JsonFactory FACTORY = new JsonFactory();

    /** The fields read of each kind of JSON object (a few names: a list lookup, no hashing). */
    private static final List<String> BUCKET_FIELDS = List.of("id", "name", "public", "file_size_limit", "allowed_mime_types");
    private static final List<String> OBJECT_FIELDS = List.of("id", "name", "metadata");
    private static final List<String> METADATA_FIELDS = List.of("size", "contentLength", "eTag", "mimetype", "cacheControl");
    private static final Map<String, List<String>> OBJECT_NESTED = Map.of("metadata", METADATA_FIELDS);
    private static final Set<String> PAGE_FIELDS = Set.of("hasNext", "nextCursor");

    private ListingJson() {
    }

    /** One list-v2 page: its objects (rows with an id) and the cursor of the next page, or null. */
    record Page(List<RemoteObject> objects, String nextCursor) {
    }

    /** One v1 row: a folder (no id) or an object. */
    record Row(String name, boolean folder, RemoteObject object) {
    }

    /**
     * A JSON value as far as the listing code looks at it: a scalar's token and text, the captured
     * fields of an object (by their index in the names it was read with: a listing page has
     * thousands of objects, and a map for each was most of reading one), or the items of an array.
     * {@code null} stands for a missing field.
     */
    private record Value(JsonToken token, String text, long number, List<String> names, Value[] fields, List<Value> items) {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        boolean container() {
            return token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
        }

        Value field(String name) {
            int i = fields == null ? -1 : names.indexOf(name);
            return i < 0 ? null : fields[i];
        }
    }

    // ------------------------------------------------------------------ requests

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] body(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** {@code {"prefix":"","limit":n[,"cursor":c]}} */
    static byte[] listV2Body(int limit, String cursor) {
        return body(g -> {
            g.writeStartObject();
            g.writeStringField("prefix", "");
            g.writeNumberField("limit", limit);
            if (cursor != null) {
                g.writeStringField("cursor", cursor);
            }
            g.writeEndObject();
        });
    }

    /** {@code {"prefix":p,"limit":n,"offset":o,"sortBy":{"column":"name","order":"asc"}}} */
    static byte[] listV1Body(String prefix, int limit, int offset) {
        return body(g -> {
            g.writeStartObject();
            g.writeStringField("prefix", prefix);
            g.writeNumberField("limit", limit);
            g.writeNumberField("offset", offset);
            g.writeObjectFieldStart("sortBy");
            g.writeStringField("column", "name");
            g.writeStringField("order", "asc");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    // ------------------------------------------------------------------ answers

    static List<BucketInfo> buckets(InputStream in) throws IOException {
        List<BucketInfo> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != null) {
                elements(p, () -> {
                    Value n = value(p, BUCKET_FIELDS, Map.of("allowed_mime_types", List.of()));
                    out.add(bucketOf(n));
                });
            }
        }
        return out;
    }

    /**
     * One list-v2 page; {@code onCursor} gets the next page's cursor as soon as both {@code hasNext}
     * and {@code nextCursor} are read (the Storage API sends them before the objects), at most once.
     * The page's own {@code nextCursor} is what counts (a repeated field would replace it).
     */
    static Page listV2Page(InputStream in, Consumer<String> onCursor) throws IOException {
        List<RemoteObject> objects = new ArrayList<>();
        boolean told = false;
        Value[] hasNext = new Value[1];
        Value[] nextCursor = new Value[1];
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("objects")) {
                        // JsonNode iteration: an array's elements, an object's values, nothing for a scalar
                        elements(p, () -> {
                            Value n = value(p, OBJECT_FIELDS, OBJECT_NESTED);
                            if (hasNonNull(n, "id")) {
                                objects.add(objectOf(asText(n.field("name")), n.field("metadata")));
                            }
                        });
                    } else if (PAGE_FIELDS.contains(field)) {
                        Value v = value(p, List.of(), Map.of());
                        (field.equals("hasNext") ? hasNext : nextCursor)[0] = v;
                        String early = asBoolean(hasNext[0], false) ? asText(nextCursor[0], null) : null;
                        if (early != null && !told) {
                            told = true;
                            onCursor.accept(early);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (p.currentToken() != null) {
                p.skipChildren();
            }
        }
        String cursor = asBoolean(hasNext[0], false) ? asText(nextCursor[0], null) : null;
        return new Page(objects, cursor);
    }

    /** v1 rows; a row whose id is missing or null is a folder. */
    static List<Row> listV1Rows(String folder, InputStream in) throws IOException {
        List<Row> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != null) {
                elements(p, () -> {
                    Value n = value(p, OBJECT_FIELDS, OBJECT_NESTED);
                    String name = asText(n.field("name"));
                    Value id = n.field("id");
                    if (id == null || id.isNull()) {
                        out.add(new Row(name, true, null));
                    } else {
                        out.add(new Row(name, false, objectOf(folder + name, n.field("metadata"))));
                    }
                });
            }
        }
        return out;
    }

    /** The {@code role} claim of a JWT payload, as {@code claims.path("role").asText(null)} read it. */
    static String jwtRole(byte[] claims) throws IOException {
        try (JsonParser p = FACTORY.createParser(claims)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                if (p.currentToken() != null) {
                    p.skipChildren();
                }
                return null;
            }
            return asText(value(p, List.of("role"), Map.of()).field("role"), null);
        }
    }

    private static BucketInfo bucketOf(Value n) {
        List<String> mimes = null;
        Value types = n.field("allowed_mime_types");
        if (types != null && types.token() == JsonToken.START_ARRAY) {
            mimes = new ArrayList<>();
            for (Value m : types.items()) {
                mimes.add(asText(m));
            }
        }
        return new BucketInfo(asText(n.field("id"), asText(n.field("name"))), asBoolean(n.field("public"), false),
                hasNonNull(n, "file_size_limit") ? asLong(n.field("file_size_limit"), 0) : null, mimes);
    }

    private static RemoteObject objectOf(String key, Value md) {
        if (md == null || md.isNull()) {
            return new RemoteObject(key, -1, null, null, null);
        }
        return new RemoteObject(key, asLong(md.field("size"), asLong(md.field("contentLength"), -1)),
                hasNonNull(md, "eTag") ? asText(md.field("eTag")) : null,
                hasNonNull(md, "mimetype") ? asText(md.field("mimetype")) : null,
                hasNonNull(md, "cacheControl") ? asText(md.field("cacheControl")) : null);
    }

    // ------------------------------------------------------------------ JsonNode semantics

    private static boolean hasNonNull(Value object, String field) {
        Value v = object == null ? null : object.field(field);
        return v != null && !v.isNull();
    }

    /** {@code JsonNode.asText()}: a scalar's text, "null" for null, "" for containers and missing nodes. */
    private static String asText(Value v) {
        if (v == null || v.container()) {
            return "";
        }
        return v.isNull() ? "null" : v.text();
    }

    /** {@code JsonNode.asText(default)}: the default for missing and null. */
    private static String asText(Value v, String def) {
        return v == null || v.isNull() ? def : asText(v);
    }

    /** {@code JsonNode.asLong(default)}: numbers (truncated), numeric text, booleans as 1/0; else the default. */
    private static long asLong(Value v, long def) {
        if (v == null) {
            return def;
        }
        return switch (v.token()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> v.number();
            case VALUE_STRING -> NumberInput.parseAsLong(v.text(), def);
            case VALUE_TRUE -> 1;
            case VALUE_FALSE -> 0;
            default -> def;
        };
    }

    /** {@code JsonNode.asBoolean(default)}: booleans, "true"/"false" text, numbers (non-zero); else the default. */
    private static boolean asBoolean(Value v, boolean def) {
        if (v == null) {
            return def;
        }
        return switch (v.token()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NUMBER_INT -> v.number() != 0;
            case VALUE_STRING -> {
                String s = v.text().trim();
                yield "true".equals(s) || (!"false".equals(s) && def);
            }
            default -> def;
        };
    }

    // ------------------------------------------------------------------ parsing

    @FunctionalInterface
    private interface Each {
        void next() throws IOException;
    }

    /** For the current container, runs {@code each} with the parser on every element (array) or value (object). */
    private static void elements(JsonParser p, Each each) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                each.next();
            }
        } else if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                p.nextToken();
                each.next();
            }
        }
    }

    /**
     * The current value. Of an object only the {@code wanted} fields are kept, objects among them
     * with their own {@code nested} fields; arrays named in {@code nested} keep their scalar items.
     * Everything else is skipped without building anything.
     */
    private static Value value(JsonParser p, List<String> wanted, Map<String, List<String>> nested) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Value[] fields = new Value[wanted.size()];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                int i = wanted.indexOf(name);
                if (i >= 0) {
                    List<String> inner = nested.get(name);
                    fields[i] = value(p, inner == null ? List.of() : inner, Map.of()); // a repeated field: the last counts
                } else {
                    p.skipChildren();
                }
            }
            return new Value(t, null, 0, wanted, wanted.isEmpty() ? null : fields, null);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Value> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(value(p, List.of(), Map.of()));
            }
            return new Value(t, null, 0, null, null, items);
        }
        return switch (t) {
            case VALUE_NUMBER_INT -> new Value(t, p.getText(), p.getNumberValue().longValue(), null, null, null);
            // JsonNode reads floats as doubles: asText prints the double, asLong truncates it
            case VALUE_NUMBER_FLOAT -> new Value(t, Double.toString(p.getDoubleValue()), (long) p.getDoubleValue(), null, null, null);
            default -> new Value(t, p.getText(), 0, null, null, null);
        };
    }
}
