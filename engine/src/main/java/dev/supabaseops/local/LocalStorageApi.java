package dev.supabaseops.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supabaseops.local.LocalStorageBackend.Bucket;
import dev.supabaseops.local.LocalStorageBackend.StoredObject;
import dev.supabaseops.local.StorageExchange.ApiError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dev.supabaseops.local.StorageExchange.JSON;

/**
 * The Storage API routes {@link LocalStorageServer} serves, shaped after the recorded session with
 * supabase/storage 1.11.2 (bucket CRUD, v1 and v2 listing, download/HEAD/range, upload with and
 * without {@code x-upsert}, copy, move, delete).
 */
final class LocalStorageApi {
    // supabase/storage's key rule (the transcript: non-ASCII refused; spaces, '(', ')' and '&' accepted).
    private static final Pattern ASCII_KEY = Pattern.compile("[A-Za-z0-9_/!\\-.*'() &$@=;:+,?]+");
    // Newer servers also accept non-ASCII (non-control) characters.
    private static final Pattern UNICODE_KEY = Pattern.compile("(?:[A-Za-z0-9_/!\\-.*'() &$@=;:+,?]|[^\\x00-\\x9f])+");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final LocalStorageBackend backend;
    private final boolean listV2;
    private final boolean unicodeKeys;

    LocalStorageApi(LocalStorageBackend backend, boolean listV2, boolean unicodeKeys) {
        this.backend = backend;
        this.listV2 = listV2;
        this.unicodeKeys = unicodeKeys;
    }

    void route(StorageExchange x) throws IOException {
        String p = x.path;
        String m = x.method;
        if (p.equals("/bucket") && m.equals("GET")) {
            ArrayNode list = JSON.createArrayNode();
            backend.buckets().forEach(b -> list.add(bucketJson(b, true)));
            x.json(200, list);
        } else if (p.equals("/bucket") && m.equals("POST")) {
            createBucket(x);
        } else if (p.startsWith("/bucket/") && p.endsWith("/empty") && m.equals("POST")) {
            String id = p.substring("/bucket/".length(), p.length() - "/empty".length());
            bucket(id);
            backend.keys(id).forEach(k -> backend.delete(id, k));
            x.json(200, Map.of("message", "Empty bucket has been queued. Completion may take up to an hour."));
        } else if (p.startsWith("/bucket/")) {
            String id = p.substring("/bucket/".length());
            Bucket b = bucket(id);
            if (m.equals("GET")) {
                x.json(200, bucketJson(b, false));
            } else if (m.equals("DELETE")) {
                if (!backend.objects(id).isEmpty()) {
                    throw new ApiError(409, "ResourceNotEmpty", "The bucket you tried to delete is not empty", "ResourceNotEmpty");
                }
                backend.deleteBucket(id);
                x.json(200, Map.of("message", "Successfully deleted"));
            } else {
                throw notFound(x);
            }
        } else if (p.startsWith("/object/list/") && m.equals("POST")) {
            listV1(x, p.substring("/object/list/".length()));
        } else if (p.startsWith("/object/list-v2/") && m.equals("POST")) {
            if (!listV2) {
                throw new ApiError(400, "FeatureNotEnabled", "This feature is not available for your tenant", "FeatureNotEnabled");
            }
            listV2(x, p.substring("/object/list-v2/".length()));
        } else if (p.startsWith("/object/info/") && m.equals("GET")) {
            info(x, p.substring("/object/info/".length()));
        } else if (p.equals("/object/copy") && m.equals("POST")) {
            JsonNode body = x.jsonBody();
            StoredObject o = copy(body);
            ObjectNode out = objectJson(o, o.key());
            out.put("Key", body.path("bucketId").asText() + "/" + o.key());
            out.put("Id", o.id());
            x.json(200, out);
        } else if (p.equals("/object/move") && m.equals("POST")) {
            JsonNode body = x.jsonBody();
            copy(body);
            backend.delete(body.path("bucketId").asText(), body.path("sourceKey").asText());
            x.json(200, Map.of("message", "Successfully moved"));
        } else if (p.startsWith("/object/authenticated/") && (m.equals("GET") || m.equals("HEAD"))) {
            download(x, p.substring("/object/authenticated/".length()));
        } else if (p.startsWith("/object/public/") && (m.equals("GET") || m.equals("HEAD"))) {
            String rest = p.substring("/object/public/".length());
            if (!bucket(rest.substring(0, Math.max(0, rest.indexOf('/')))).isPublic()) {
                throw StorageExchange.noSuchBucket();
            }
            download(x, rest);
        } else if (p.startsWith("/object/") && p.indexOf('/', "/object/".length()) < 0 && m.equals("DELETE")) {
            bulkDelete(x, p.substring("/object/".length()));
        } else if (p.startsWith("/object/")) {
            String rest = p.substring("/object/".length());
            switch (m) {
                case "GET", "HEAD" -> download(x, rest);
                case "POST", "PUT" -> upload(x, rest);
                case "DELETE" -> {
                    String[] bk = split(rest);
                    bucket(bk[0]);
                    backend.delete(bk[0], bk[1]).orElseThrow(StorageExchange::noSuchKey);
                    x.json(200, Map.of("message", "Successfully deleted"));
                }
                default -> throw notFound(x);
            }
        } else {
            throw notFound(x);
        }
    }

    private static ApiError notFound(StorageExchange x) {
        return new ApiError(404, "Not Found", "Route " + x.method + ":" + x.path + " not found", "NotFound");
    }

    private Bucket bucket(String id) {
        return backend.bucket(id).orElseThrow(StorageExchange::noSuchBucket);
    }

    /** {@code bucket/key...} → [bucket, key]. */
    private static String[] split(String rest) {
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new ApiError(400, "Error", "Invalid object path", "InvalidRequest");
        }
        return new String[]{rest.substring(0, slash), rest.substring(slash + 1)};
    }

    private void createBucket(StorageExchange x) throws IOException {
        JsonNode body = x.jsonBody();
        String name = body.path("name").asText("");
        String id = body.path("id").asText(name);
        if (name.isEmpty()) {
            throw new ApiError(400, "Error", "body must have required property 'name'", "InvalidRequest");
        }
        Long limit = body.hasNonNull("file_size_limit") ? body.get("file_size_limit").asLong() : null;
        List<String> mimes = null;
        if (body.hasNonNull("allowed_mime_types")) {
            mimes = new ArrayList<>();
            for (JsonNode n : body.get("allowed_mime_types")) {
                mimes.add(n.asText());
            }
        }
        if (!backend.createBucket(new Bucket(id, body.path("public").asBoolean(false), limit, mimes, Instant.now()))) {
            throw new ApiError(409, "Duplicate", "The resource already exists", "BucketAlreadyExists");
        }
        x.json(200, Map.of("name", id));
    }

    private static ObjectNode bucketJson(Bucket b, boolean withType) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", b.id());
        n.put("name", b.id());
        n.put("owner", "");
        n.put("public", b.isPublic());
        if (withType) {
            n.put("type", "STANDARD");
        }
        if (b.fileSizeLimit() == null) {
            n.putNull("file_size_limit");
        } else {
            n.put("file_size_limit", b.fileSizeLimit());
        }
        if (b.allowedMimeTypes() == null) {
            n.putNull("allowed_mime_types");
        } else {
            b.allowedMimeTypes().forEach(n.putArray("allowed_mime_types")::add);
        }
        n.put("created_at", iso(b.createdAt()));
        n.put("updated_at", iso(b.createdAt()));
        return n;
    }

    /** Timestamps as the real server's JSON has them (JavaScript's toISOString: milliseconds, Z). */
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static String iso(Instant t) {
        return ISO.format(t);
    }

    private static ObjectNode metadataJson(StoredObject o) {
        ObjectNode md = JSON.createObjectNode();
        md.put("eTag", o.etag());
        md.put("size", o.size());
        md.put("mimetype", o.mimetype());
        md.put("cacheControl", o.cacheControl());
        md.put("lastModified", iso(o.updatedAt()));
        md.put("contentLength", o.size());
        md.put("httpStatusCode", 200);
        return md;
    }

    private static ObjectNode objectJson(StoredObject o, String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        n.put("id", o.id());
        n.put("updated_at", iso(o.updatedAt()));
        n.put("created_at", iso(o.createdAt()));
        n.put("last_accessed_at", iso(o.createdAt()));
        n.set("metadata", metadataJson(o));
        return n;
    }

    private static ObjectNode folderJson(String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", name);
        for (String f : List.of("id", "updated_at", "created_at", "last_accessed_at", "metadata")) {
            n.putNull(f);
        }
        return n;
    }

    /** v1: one level below the prefix ("a" and "a/" alike), folders as rows with null fields; offset pages. */
    private void listV1(StorageExchange x, String bucketId) throws IOException {
        JsonNode body = x.jsonBody();
        String prefix = body.path("prefix").asText("").replaceAll("/+$", "");
        String folder = prefix.isEmpty() ? "" : prefix + "/";
        int limit = body.path("limit").asInt(100);
        int offset = body.path("offset").asInt(0);
        String search = body.path("search").asText("").toLowerCase();
        boolean desc = "desc".equals(body.path("sortBy").path("order").asText("asc"));
        Comparator<String> order = desc ? Comparator.reverseOrder() : Comparator.naturalOrder();
        TreeMap<String, ObjectNode> level = new TreeMap<>(order);
        for (StoredObject o : backend.objects(bucketId).tailMap(folder, true).values()) {
            if (!o.key().startsWith(folder)) {
                break;
            }
            String rest = o.key().substring(folder.length());
            int slash = rest.indexOf('/');
            String name = slash >= 0 ? rest.substring(0, slash) : rest;
            if (name.toLowerCase().startsWith(search)) {
                level.computeIfAbsent(name, n -> slash >= 0 ? folderJson(n) : objectJson(o, n));
            }
        }
        ArrayNode out = JSON.createArrayNode();
        level.values().stream().skip(offset).limit(limit).forEach(out::add);
        x.json(200, out);
    }

    /** v2: flat (recursive) or one level with {@code with_delimiter}; cursor = base64("l:" + last key). */
    private void listV2(StorageExchange x, String bucketId) throws IOException {
        JsonNode body = x.jsonBody();
        String prefix = body.path("prefix").asText("");
        int limit = Math.min(body.path("limit").asInt(1000), 1000);
        boolean delimiter = body.path("with_delimiter").asBoolean(false);
        String after = null;
        if (body.hasNonNull("cursor")) {
            String decoded = new String(Base64.getDecoder().decode(body.get("cursor").asText()), StandardCharsets.UTF_8);
            after = decoded.startsWith("l:") ? decoded.substring(2) : decoded;
        }
        Map<String, ObjectNode> page = new LinkedHashMap<>();
        String lastKey = null;
        boolean hasNext = false;
        var candidates = after == null ? backend.objects(bucketId).tailMap(prefix, true)
                : backend.objects(bucketId).tailMap(after, false);
        for (StoredObject o : candidates.values()) {
            if (!o.key().startsWith(prefix)) {
                if (o.key().compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            String rest = o.key().substring(prefix.length());
            int slash = delimiter ? rest.indexOf('/') : -1;
            String entryKey = slash >= 0 ? prefix + rest.substring(0, slash + 1) : o.key();
            if (page.containsKey(entryKey)) {
                lastKey = o.key();
                continue;
            }
            if (page.size() == limit) {
                hasNext = true;
                break;
            }
            ObjectNode n;
            if (slash >= 0) {
                n = folderJson(entryKey);
                n.put("key", rest.substring(0, slash));
            } else {
                n = objectJson(o, o.key());
                if (delimiter) {
                    n.put("key", rest);
                }
            }
            page.put(entryKey, n);
            lastKey = o.key();
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("hasNext", hasNext);
        if (hasNext) {
            out.put("nextCursor", Base64.getEncoder().encodeToString(("l:" + lastKey).getBytes(StandardCharsets.UTF_8)));
            out.put("nextCursorKey", lastKey);
        }
        ArrayNode folders = out.putArray("folders");
        ArrayNode objects = out.putArray("objects");
        page.forEach((k, n) -> (n.get("id").isNull() ? folders : objects).add(n));
        x.json(200, out);
    }

    private void info(StorageExchange x, String rest) throws IOException {
        String[] bk = split(rest);
        bucket(bk[0]);
        StoredObject o = backend.object(bk[0], bk[1]).orElseThrow(StorageExchange::noSuchKey);
        ObjectNode n = JSON.createObjectNode();
        n.put("id", o.id());
        n.put("name", o.key());
        n.put("bucket_id", bk[0]);
        n.put("size", o.size());
        n.put("content_type", o.mimetype());
        n.put("cache_control", o.cacheControl());
        n.put("etag", o.etag());
        n.putObject("metadata");
        n.put("last_modified", iso(o.updatedAt()));
        n.put("created_at", iso(o.createdAt()));
        x.http.getResponseHeaders().set("etag", o.etag());
        x.json(200, n);
    }

    private void download(StorageExchange x, String rest) throws IOException {
        String[] bk = split(rest);
        bucket(bk[0]);
        StoredObject o = backend.object(bk[0], bk[1]).orElseThrow(StorageExchange::noSuchKey);
        var h = x.http.getResponseHeaders();
        h.set("accept-ranges", "bytes");
        h.set("content-type", o.mimetype());
        h.set("etag", o.etag());
        h.set("x-robots-tag", "none");
        h.set("last-modified", HTTP_DATE.format(o.updatedAt()));
        h.set("cache-control", o.cacheControl());
        long start = 0;
        long length = o.size();
        int status = 200;
        String range = x.header("Range");
        if (range != null && range.matches("bytes=\\d+-\\d*") && o.size() > 0) {
            String[] se = range.substring(6).split("-", -1);
            start = Long.parseLong(se[0]);
            long end = se[1].isEmpty() ? o.size() - 1 : Math.min(Long.parseLong(se[1]), o.size() - 1);
            length = end - start + 1;
            status = 206;
            h.set("content-range", "bytes " + start + "-" + end + "/" + o.size());
        }
        if (x.method.equals("HEAD")) {
            h.set("content-length", Long.toString(length));
            x.http.sendResponseHeaders(status, -1);
            x.http.close();
            return;
        }
        x.http.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length == 0) {
            x.http.close();
            return;
        }
        try (InputStream in = Files.newInputStream(o.blob()); OutputStream out = x.http.getResponseBody()) {
            in.skipNBytes(start);
            StorageFault.writeBody(x, in, out, length);
        }
        x.http.close();
    }

    private void upload(StorageExchange x, String rest) throws IOException {
        String[] bk = split(rest);
        Bucket b = bucket(bk[0]);
        String key = bk[1];
        if (!(unicodeKeys ? UNICODE_KEY : ASCII_KEY).matcher(key).matches()) {
            throw new ApiError(400, "InvalidKey", "Invalid key: " + key, "InvalidKey");
        }
        String contentType = x.header("Content-Type");
        if (contentType != null && contentType.startsWith("multipart/form-data")) {
            throw new ApiError(400, "Error", "the local server accepts raw-body uploads only", "InvalidRequest");
        }
        boolean upsert = x.method.equals("PUT") || "true".equalsIgnoreCase(x.header("x-upsert"));
        if (!upsert && backend.object(bk[0], key).isPresent()) {
            throw new ApiError(409, "Duplicate", "The resource already exists", "KeyAlreadyExists");
        }
        String mime = contentType == null ? "text/plain;charset=UTF-8" : contentType;
        if (b.allowedMimeTypes() != null && !b.allowedMimeTypes().isEmpty() && b.allowedMimeTypes().stream()
                .noneMatch(a -> a.equals(mime) || a.endsWith("/*") && mime.startsWith(a.substring(0, a.length() - 1)))) {
            throw new ApiError(415, "invalid_mime_type", "mime type " + mime + " is not supported", "InvalidMimeType");
        }
        StoredObject o;
        try (InputStream in = x.http.getRequestBody()) {
            o = backend.put(bk[0], key, in, mime, x.header("Cache-Control"));
        }
        if (b.fileSizeLimit() != null && o.size() > b.fileSizeLimit()) {
            backend.delete(bk[0], key);
            throw new ApiError(413, "Payload too large", "The object exceeded the maximum allowed size", "EntityTooLarge");
        }
        x.json(200, Map.of("Key", bk[0] + "/" + key, "Id", o.id()));
    }

    private void bulkDelete(StorageExchange x, String bucketId) throws IOException {
        bucket(bucketId);
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode k : x.jsonBody().path("prefixes")) {
            backend.delete(bucketId, k.asText()).ifPresent(o -> {
                ObjectNode n = objectJson(o, o.key());
                n.put("bucket_id", bucketId);
                out.add(n);
            });
        }
        x.json(200, out);
    }

    private StoredObject copy(JsonNode body) {
        String bucketId = body.path("bucketId").asText();
        bucket(bucketId);
        String from = body.path("sourceKey").asText();
        backend.object(bucketId, from).orElseThrow(StorageExchange::noSuchKey);
        return backend.copy(bucketId, from, body.path("destinationKey").asText());
    }
}
