package dev.supabaseops.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.supabaseops.storage.BackupMetadata.Bucket;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;
import dev.supabaseops.storage.BackupMetadata.Refused;
import dev.supabaseops.storage.BackupMetadata.Totals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code _backup_metadata.json} read and written with Jackson's streaming API (jackson-core only).
 * Databind's reflection over the records (plus the java.time module) was a good part of an
 * unchanged backup's run time; this reads and writes the same format byte for byte: the writer's
 * output equals {@code ObjectMapper} with {@code INDENT_OUTPUT} and ISO-8601 instants, and the reader
 * accepts what that mapper accepted from files: unknown fields are skipped, missing ones are null
 * (0 / false for numbers and flags), scalars are coerced the way databind coerces them by default.
 */
final class MetadataJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private MetadataJson() {
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    // ---------------------------------------------------------------- reading

    static BackupMetadata read(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonParseException(p, "no content: the file is empty");
            }
            startObject(p, "backup metadata");
            int format = 0;
            String tool = null;
            String toolVersion = null;
            String environment = null;
            String projectRef = null;
            Instant startedAt = null;
            Instant finishedAt = null;
            String incrementalFrom = null;
            List<Bucket> buckets = null;
            List<Refused> refused = null;
            Totals totals = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "format" -> format = (int) longValue(p);
                    case "tool" -> tool = text(p);
                    case "toolVersion" -> toolVersion = text(p);
                    case "environment" -> environment = text(p);
                    case "projectRef" -> projectRef = text(p);
                    case "startedAt" -> startedAt = instant(p);
                    case "finishedAt" -> finishedAt = instant(p);
                    case "incrementalFrom" -> incrementalFrom = text(p);
                    case "buckets" -> buckets = list(p, MetadataJson::bucket);
                    case "refused" -> refused = list(p, MetadataJson::refused);
                    case "totals" -> totals = p.currentToken() == JsonToken.VALUE_NULL ? null : totals(p);
                    default -> p.skipChildren();
                }
            }
            if (buckets == null) {
                throw new JsonParseException(p, "missing \"buckets\"");
            }
            return new BackupMetadata(format, tool, toolVersion, environment, projectRef, startedAt, finishedAt,
                    incrementalFrom, buckets, refused, totals);
        }
    }

    private static Bucket bucket(JsonParser p) throws IOException {
        startObject(p, "bucket");
        String name = null;
        boolean isPublic = false;
        Long fileSizeLimit = null;
        List<String> allowedMimeTypes = null;
        List<ObjectEntry> objects = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = text(p);
                case "public" -> isPublic = bool(p);
                case "fileSizeLimit" -> fileSizeLimit = p.currentToken() == JsonToken.VALUE_NULL ? null : longValue(p);
                case "allowedMimeTypes" -> allowedMimeTypes = list(p, MetadataJson::textElement);
                case "objects" -> objects = list(p, MetadataJson::object);
                default -> p.skipChildren();
            }
        }
        if (objects == null) {
            throw new JsonParseException(p, "bucket " + name + " has no \"objects\"");
        }
        return new Bucket(name, isPublic, fileSizeLimit, allowedMimeTypes, objects);
    }

    private static ObjectEntry object(JsonParser p) throws IOException {
        startObject(p, "object");
        String key = null;
        String file = null;
        long size = 0;
        String etag = null;
        String contentType = null;
        String cacheControl = null;
        String sha256 = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "key" -> key = text(p);
                case "file" -> file = text(p);
                case "size" -> size = longValue(p);
                case "etag" -> etag = text(p);
                case "contentType" -> contentType = text(p);
                case "cacheControl" -> cacheControl = text(p);
                case "sha256" -> sha256 = text(p);
                default -> p.skipChildren();
            }
        }
        return new ObjectEntry(key, file, size, etag, contentType, cacheControl, sha256);
    }

    private static Refused refused(JsonParser p) throws IOException {
        startObject(p, "refused object");
        String bucket = null;
        String key = null;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "bucket" -> bucket = text(p);
                case "key" -> key = text(p);
                case "reason" -> reason = text(p);
                default -> p.skipChildren();
            }
        }
        return new Refused(bucket, key, reason);
    }

    private static Totals totals(JsonParser p) throws IOException {
        startObject(p, "totals");
        long[] v = new long[6];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "buckets" -> v[0] = longValue(p);
                case "objects" -> v[1] = longValue(p);
                case "bytes" -> v[2] = longValue(p);
                case "downloaded" -> v[3] = longValue(p);
                case "downloadedBytes" -> v[4] = longValue(p);
                case "linked" -> v[5] = longValue(p);
                default -> p.skipChildren();
            }
        }
        return new Totals((int) v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private static void startObject(JsonParser p, String what) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(p, "expected " + what + " as a JSON object, found " + p.currentToken());
        }
    }

    /** null for JSON null; a list (null elements refused) for an array. */
    private static <T> List<T> list(JsonParser p, Reader<T> element) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(p, "expected an array, found " + p.currentToken());
        }
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
                throw new JsonParseException(p, "unexpected end of input inside an array");
            }
            out.add(element.read(p));
        }
        return out;
    }

    private static String textElement(JsonParser p) throws IOException {
        String s = text(p);
        if (s == null) {
            throw new JsonParseException(p, "null inside a list of names");
        }
        return s;
    }

    /** Strings as they are; numbers and booleans as their text (databind's coercion); null as null. */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != null && t.isScalarValue()) {
            return p.getText();
        }
        throw new JsonParseException(p, "expected a string, found " + t);
    }

    /** Integers; floats truncated and numeric strings parsed (databind's defaults); null as 0. */
    private static long longValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue().longValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().strip();
            if (s.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new JsonParseException(p, "expected a number, found \"" + s + "\"");
            }
        }
        throw new JsonParseException(p, "expected a number, found " + t);
    }

    private static boolean bool(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue() != 0;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().strip();
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false") || s.isEmpty()) {
                return false;
            }
        }
        throw new JsonParseException(p, "expected true or false, found " + t);
    }

    /** ISO-8601 (as written), or seconds since the epoch as a number (what databind also accepted). */
    private static Instant instant(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochSecond(p.getLongValue());
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            BigDecimal d = p.getDecimalValue();
            long seconds = d.longValue();
            return Instant.ofEpochSecond(seconds, d.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue());
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText().strip();
            if (s.isEmpty()) {
                return null;
            }
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw new JsonParseException(p, "expected an ISO-8601 instant, found \"" + s + "\"");
            }
        }
        throw new JsonParseException(p, "expected an ISO-8601 instant, found " + t);
    }

    // ---------------------------------------------------------------- writing

    /** Pretty-printed exactly as databind's {@code INDENT_OUTPUT} printed it (Jackson's DefaultPrettyPrinter). */
    static void write(BackupMetadata m, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller syncs, then closes
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("format", m.format());
            g.writeStringField("tool", m.tool());
            g.writeStringField("toolVersion", m.toolVersion());
            g.writeStringField("environment", m.environment());
            g.writeStringField("projectRef", m.projectRef());
            g.writeStringField("startedAt", m.startedAt() == null ? null : m.startedAt().toString());
            g.writeStringField("finishedAt", m.finishedAt() == null ? null : m.finishedAt().toString());
            g.writeStringField("incrementalFrom", m.incrementalFrom());
            g.writeArrayFieldStart("buckets");
            for (Bucket b : m.buckets()) {
                g.writeStartObject();
                g.writeStringField("name", b.name());
                g.writeBooleanField("public", b.isPublic());
                g.writeFieldName("fileSizeLimit");
                if (b.fileSizeLimit() == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(b.fileSizeLimit());
                }
                g.writeFieldName("allowedMimeTypes");
                if (b.allowedMimeTypes() == null) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (String type : b.allowedMimeTypes()) {
                        g.writeString(type);
                    }
                    g.writeEndArray();
                }
                g.writeArrayFieldStart("objects");
                for (ObjectEntry o : b.objects()) {
                    g.writeStartObject();
                    g.writeStringField("key", o.key());
                    g.writeStringField("file", o.file());
                    g.writeNumberField("size", o.size());
                    g.writeStringField("etag", o.etag());
                    g.writeStringField("contentType", o.contentType());
                    g.writeStringField("cacheControl", o.cacheControl());
                    g.writeStringField("sha256", o.sha256());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("refused");
            for (Refused r : m.refused()) {
                g.writeStartObject();
                g.writeStringField("bucket", r.bucket());
                g.writeStringField("key", r.key());
                g.writeStringField("reason", r.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("totals");
            Totals t = m.totals();
            if (t == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeNumberField("buckets", t.buckets());
                g.writeNumberField("objects", t.objects());
                g.writeNumberField("bytes", t.bytes());
                g.writeNumberField("downloaded", t.downloaded());
                g.writeNumberField("downloadedBytes", t.downloadedBytes());
                g.writeNumberField("linked", t.linked());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }
}
