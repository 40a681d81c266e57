package dev.supabaseops.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming listing reader against the {@code JsonNode} code it replaced (kept here as the
 * reference): the same buckets, objects, cursors and folders for regular and odd answers.
 */
class ListingJsonTest {
    static final ObjectMapper TREE = new ObjectMapper();

    // ---- the JsonNode-based reading StorageClient did before, verbatim (bucketOf it still has)

    static RemoteObject objectOf(String key, JsonNode md) {
        if (md == null || md.isNull() || md.isMissingNode()) {
            return new RemoteObject(key, -1, null, null, null);
        }
        return new RemoteObject(key, md.path("size").asLong(md.path("contentLength").asLong(-1)),
                md.hasNonNull("eTag") ? md.get("eTag").asText() : null,
                md.hasNonNull("mimetype") ? md.get("mimetype").asText() : null,
                md.hasNonNull("cacheControl") ? md.get("cacheControl").asText() : null);
    }

    static List<BucketInfo> treeBuckets(String json) throws IOException {
        List<BucketInfo> out = new ArrayList<>();
        for (JsonNode n : TREE.readTree(bytes(json))) {
            out.add(StorageClient.bucketOf(n)); // the tree reading the client still uses for a single bucket
        }
        return out;
    }

    static ListingJson.Page treePage(String json) throws IOException {
        JsonNode page = TREE.readTree(bytes(json));
        List<RemoteObject> out = new ArrayList<>();
        for (JsonNode n : page.path("objects")) {
            if (n.hasNonNull("id")) {
                out.add(objectOf(n.path("name").asText(), n.path("metadata")));
            }
        }
        String cursor = page.path("hasNext").asBoolean(false) ? page.path("nextCursor").asText(null) : null;
        return new ListingJson.Page(out, cursor);
    }

    static List<ListingJson.Row> treeRows(String folder, String json) throws IOException {
        List<ListingJson.Row> out = new ArrayList<>();
        for (JsonNode n : TREE.readTree(bytes(json))) {
            String name = n.path("name").asText();
            if (n.path("id").isNull() || n.path("id").isMissingNode()) {
                out.add(new ListingJson.Row(name, true, null));
            } else {
                out.add(new ListingJson.Row(name, false, objectOf(folder + name, n.path("metadata"))));
            }
        }
        return out;
    }

    static String treeRole(byte[] claims) {
        try {
            return TREE.readTree(claims).path("role").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    // ----

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(bytes(s));
    }

    static final String OBJECT = "{\"id\":\"u1\",\"name\":\"a/b/c.png\",\"updated_at\":\"2026-01-01T00:00:00Z\","
            + "\"metadata\":{\"eTag\":\"\\\"abc\\\"\",\"size\":2048,\"mimetype\":\"image/png\",\"cacheControl\":\"max-age=3600\","
            + "\"lastModified\":\"x\",\"contentLength\":2048,\"httpStatusCode\":200,\"nested\":{\"deep\":[1,{\"a\":2}]}}}";

    static final List<String> OBJECT_ROWS = List.of(
            OBJECT,
            "{\"id\":\"u2\",\"name\":\"héllo ✓\",\"metadata\":null}",
            "{\"id\":\"u3\",\"name\":\"no-metadata\"}",
            "{\"id\":null,\"name\":\"folder\",\"metadata\":null}",
            "{\"name\":\"folder-without-id\"}",
            "{\"id\":7,\"name\":12,\"metadata\":{\"size\":\"123\",\"eTag\":5,\"mimetype\":true,\"cacheControl\":null}}",
            "{\"id\":\"u4\",\"name\":null,\"metadata\":{\"contentLength\":99}}",
            "{\"id\":\"u5\",\"name\":{\"x\":1},\"metadata\":{\"size\":null,\"contentLength\":\"  42 \",\"eTag\":{\"a\":1},\"mimetype\":[1]}}",
            "{\"id\":\"u6\",\"name\":\"f\",\"metadata\":{\"size\":1.9e3,\"eTag\":1.5}}",
            "{\"id\":\"u7\",\"name\":\"g\",\"metadata\":{\"size\":true,\"contentLength\":5}}",
            "{\"id\":\"u8\",\"name\":\"h\",\"metadata\":{\"size\":\"12.7\"}}",
            "{\"id\":\"u9\",\"name\":\"i\",\"metadata\":{\"size\":\"big\"}}",
            "{\"id\":\"u10\",\"name\":\"j\",\"metadata\":\"text\"}",
            "{\"id\":\"u11\",\"name\":\"k\",\"metadata\":[{\"size\":1}]}",
            "{\"id\":\"u12\",\"name\":\"l\",\"metadata\":{\"size\":123456789012345678901234567890}}",
            "\"a string row\"",
            "[1,2]",
            "null");

    @Test
    void listV2PagesReadLikeTheTreeCode() throws IOException {
        List<String> pages = new ArrayList<>();
        String rows = "[" + String.join(",", OBJECT_ROWS) + "]";
        pages.add("{\"hasNext\":true,\"nextCursor\":\"Y3Vyc29y\",\"folders\":[{\"name\":\"x\"}],\"objects\":" + rows + "}");
        pages.add("{\"objects\":" + rows + ",\"hasNext\":false,\"nextCursor\":\"ignored\"}");
        pages.add("{\"hasNext\":\"true\",\"nextCursor\":null,\"objects\":[]}");
        pages.add("{\"hasNext\":1,\"nextCursor\":42,\"objects\":{\"a\":" + OBJECT + ",\"b\":" + OBJECT + "}}");
        pages.add("{\"hasNext\":\"yes\",\"nextCursor\":\"c\"}");
        pages.add("{\"hasNext\":true,\"nextCursor\":{\"a\":1},\"objects\":\"none\"}");
        pages.add("{\"hasNext\":true}");
        pages.add("[" + OBJECT + "]");
        pages.add("\"text\"");
        pages.add("");
        for (String page : pages) {
            assertThat(ListingJson.listV2Page(in(page), cursor -> { })).as(page).isEqualTo(treePage(page));
        }
        assertThat(treePage(pages.get(0)).objects()).hasSize(13); // the odd rows are really read
        assertThat(ListingJson.listV2Page(in(pages.get(0)), cursor -> { }).objects().get(0))
                .isEqualTo(new RemoteObject("a/b/c.png", 2048, "\"abc\"", "image/png", "max-age=3600"));
    }

    @Test
    void v1RowsReadLikeTheTreeCode() throws IOException {
        for (String rows : List.of("[" + String.join(",", OBJECT_ROWS) + "]", "[]", "", "{\"a\":" + OBJECT + "}", "5")) {
            assertThat(ListingJson.listV1Rows("dir/", in(rows))).as(rows).isEqualTo(treeRows("dir/", rows));
        }
    }

    @Test
    void bucketsReadLikeTheTreeCode() throws IOException {
        String buckets = "[{\"id\":\"avatars\",\"name\":\"avatars\",\"public\":false,\"file_size_limit\":null,\"allowed_mime_types\":null,"
                + "\"owner\":\"\",\"created_at\":\"2026\"},"
                + "{\"id\":\"docs\",\"name\":\"docs\",\"public\":true,\"file_size_limit\":1048576,\"allowed_mime_types\":[\"text/plain\",\"image/*\"]},"
                + "{\"name\":\"no-id\",\"public\":\"true\",\"file_size_limit\":\"100\",\"allowed_mime_types\":[null,1,{\"a\":1},[2]]},"
                + "{\"id\":null,\"name\":null,\"public\":1,\"file_size_limit\":1.5,\"allowed_mime_types\":\"text/plain\"},"
                + "{\"id\":{\"x\":1},\"public\":null,\"allowed_mime_types\":[]},"
                + "7, null]";
        for (String json : List.of(buckets, "[]", "", "{\"a\":{\"id\":\"x\"}}")) {
            assertThat(ListingJson.buckets(in(json))).as(json).isEqualTo(treeBuckets(json));
        }
        assertThat(ListingJson.buckets(in(buckets)).get(1)).isEqualTo(new BucketInfo("docs", true, 1048576L, List.of("text/plain", "image/*")));
    }

    @Test
    void requestBodiesAreTheJsonTheTreeCodeSent() throws IOException {
        assertThat(new String(ListingJson.listV2Body(1000, null), StandardCharsets.UTF_8))
                .isEqualTo(TREE.createObjectNode().put("prefix", "").put("limit", 1000).toString());
        assertThat(new String(ListingJson.listV2Body(3, "c\"ur/sor"), StandardCharsets.UTF_8))
                .isEqualTo(TREE.createObjectNode().put("prefix", "").put("limit", 3).put("cursor", "c\"ur/sor").toString());
        var v1 = TREE.createObjectNode().put("prefix", "a/ü\\b/").put("limit", 100).put("offset", 200);
        v1.putObject("sortBy").put("column", "name").put("order", "asc");
        assertThat(new String(ListingJson.listV1Body("a/ü\\b/", 100, 200), StandardCharsets.UTF_8)).isEqualTo(v1.toString());
    }

    @Test
    void jwtRoleReadsLikeTheTreeCode() throws IOException {
        for (String claims : List.of("{\"role\":\"service_role\",\"iss\":\"supabase\"}", "{\"iss\":\"x\",\"role\":\"anon\"}", "{}",
                "{\"role\":null}", "{\"role\":5}", "{\"role\":{\"a\":1}}", "[]", "\"role\"", "{\"role\":\"x\",", "not json", "")) {
            assertThat(roleOrNull(bytes(claims))).as(claims).isEqualTo(treeRole(bytes(claims)));
        }
        String jwt = "eyJhbGciOiJIUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes("{\"role\":\"service_role\"}")) + ".sig";
        assertThat(StorageClient.keyRole(dev.supabaseops.core.Secret.of(jwt))).isEqualTo("service_role");
    }

    static String roleOrNull(byte[] claims) {
        try {
            return ListingJson.jwtRole(claims);
        } catch (IOException e) {
            return null;
        }
    }
}
