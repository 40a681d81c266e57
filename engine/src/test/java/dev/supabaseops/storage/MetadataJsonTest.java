package dev.supabaseops.storage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.supabaseops.core.ExitCode;
import dev.supabaseops.core.OpsException;
import dev.supabaseops.storage.BackupMetadata.Bucket;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;
import dev.supabaseops.storage.BackupMetadata.Refused;
import dev.supabaseops.storage.BackupMetadata.Totals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming reader and writer of {@code _backup_metadata.json} against the databind mapper the
 * tool used before (same configuration as it had): same bytes out, same records in, and files that
 * mapper wrote stay readable.
 */
class MetadataJsonTest {
    /** The mapper {@code BackupMetadata} used to read and write the file until the streaming code replaced it. */
    static final ObjectMapper DATABIND = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @TempDir
    Path dir;

    static BackupMetadata sample() {
        List<ObjectEntry> objects = new ArrayList<>();
        objects.add(new ObjectEntry("a/b/c.png", "a/b/c.png", 2048, "\"0123456789abcdef0123456789abcdef\"", "image/png",
                "max-age=3600", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        objects.add(new ObjectEntry("docs/héllo wörld ✓.txt", "docs/héllo wörld ✓.txt", 7, null, null, null,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        objects.add(new ObjectEntry("ctl\u0001\u001b[31m.txt", "ctl%01%1B[31m.txt", 1, "W/\"x\"", "text/plain; charset=utf-8",
                "no-cache", "00"));
        objects.add(new ObjectEntry("..\\..\\win.txt", "..%5C..%5Cwin.txt", 0, "\"\"", "application/octet-stream", "", null));
        objects.add(new ObjectEntry("big/large.bin", "big/large.bin", 52_428_800L * 1000, "\"e\"", "a/b", "c", "d"));
        return new BackupMetadata(1, "supabase-ops", "0.1.0", "prod", "abcd",
                Instant.parse("2026-11-30T13:51:53.942496422Z"), Instant.parse("2026-11-30T13:52:04Z"), "20261129T010000Z",
                List.of(new Bucket("avatars", false, null, null, objects),
                        new Bucket("empty-bucket", false, 0L, List.of(), List.of()),
                        new Bucket("public-docs", true, 1048576L, List.of("text/plain", "image/*"),
                                List.of(new ObjectEntry("readme.txt", "readme.txt", 11, "\"r\"", "text/plain", null, "ab")))),
                List.of(new Refused("evil", "../../escape.txt", "name has empty, '.' or '..' segments: \"quoted\"\ttab")),
                new Totals(3, 6, 52_428_800L * 1000 + 2067, 1, 2048, 5));
    }

    static String written(BackupMetadata m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetadataJson.write(m, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static BackupMetadata parsed(String json) throws IOException {
        return MetadataJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writerOutputEqualsTheDatabindOutputByteForByte() throws IOException {
        BackupMetadata m = sample();
        assertThat(written(m)).isEqualTo(DATABIND.writeValueAsString(m));
        BackupMetadata nulls = new BackupMetadata(0, null, null, null, null, null, null, null, List.of(), null, null);
        assertThat(written(nulls)).isEqualTo(DATABIND.writeValueAsString(nulls));
        // and through the file: same bytes as databind's writeValue(File) produced
        m.write(dir, Durability.OFF);
        Path old = dir.resolve("old.json");
        DATABIND.writeValue(old.toFile(), m);
        assertThat(Files.readAllBytes(dir.resolve(BackupMetadata.FILE_NAME))).isEqualTo(Files.readAllBytes(old));
        assertThat(dir.resolve(BackupMetadata.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void readsWhatTheDatabindWriterWrote() throws IOException {
        BackupMetadata m = sample();
        Files.writeString(dir.resolve(BackupMetadata.FILE_NAME), DATABIND.writeValueAsString(m));
        assertThat(BackupMetadata.read(dir)).isEqualTo(m);
        assertThat(parsed(written(m))).isEqualTo(m);
    }

    @Test
    void readsLikeDatabindWhereFilesDifferFromWhatWeWrite() throws IOException {
        // unknown fields at every level (a newer minor version), fields missing, reordered, compact,
        // numbers as strings, null lists and totals
        String json = "{\"buckets\":[{\"objects\":[{\"sha256\":\"aa\",\"size\":\"12\",\"key\":\"k\",\"extra\":{\"x\":[1,2]},"
                + "\"file\":\"k\"},{\"key\":\"n\",\"size\":3.0,\"etag\":5}],\"name\":\"b\",\"public\":\"true\",\"fileSizeLimit\":\"100\","
                + "\"allowedMimeTypes\":null,\"more\":[{}]}],\"format\":1,\"startedAt\":\"2026-01-02T03:04:05Z\",\"future\":{\"a\":{\"b\":1}},"
                + "\"finishedAt\":null,\"refused\":null,\"totals\":{\"objects\":\"2\",\"unknown\":1}} trailing";
        BackupMetadata expected = DATABIND.readValue(json, BackupMetadata.class);
        assertThat(parsed(json)).isEqualTo(expected);
        assertThat(expected.buckets().get(0).objects().get(0).size()).isEqualTo(12); // the case is really covered
        assertThat(expected.refused()).isEmpty();
        String minimal = "{\"buckets\":[]}";
        assertThat(parsed(minimal)).isEqualTo(DATABIND.readValue(minimal, BackupMetadata.class));
        String numericInstants = "{\"buckets\":[],\"startedAt\":1700000000,\"finishedAt\":1700000000.123456789}";
        assertThat(parsed(numericInstants)).isEqualTo(DATABIND.readValue(numericInstants, BackupMetadata.class));
    }

    @Test
    void damagedFilesAreUsageErrorsNamingTheFile() throws IOException {
        for (String bad : List.of("", "[]", "{\"buckets\":", "{\"format\":1}", "{\"buckets\":[{\"name\":\"b\"}]}",
                "{\"buckets\":[{\"name\":\"b\",\"objects\":[null]}]}", "{\"buckets\":[],\"startedAt\":\"yesterday\"}",
                "{\"buckets\":[{\"name\":\"b\",\"objects\":[{\"size\":\"big\"}]}]}", "{\"buckets\":{}}", "not json")) {
            Files.writeString(dir.resolve(BackupMetadata.FILE_NAME), bad);
            assertThatThrownBy(() -> DATABIND.readValue(bad, BackupMetadata.class)).as("databind refused %s too", bad)
                    .isInstanceOf(Exception.class);
            assertThatThrownBy(() -> BackupMetadata.read(dir)).as(bad).isInstanceOfSatisfying(OpsException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(e.getMessage()).contains(BackupMetadata.FILE_NAME + " is not valid backup metadata: ").doesNotContain("\n");
            });
        }
    }

    @Test
    void aNewerFormatIsRefused() throws IOException {
        Files.writeString(dir.resolve(BackupMetadata.FILE_NAME), "{\"format\":2,\"buckets\":[]}");
        assertThatThrownBy(() -> BackupMetadata.read(dir)).isInstanceOfSatisfying(OpsException.class,
                e -> assertThat(e.getMessage()).contains("has format 2, newer than this tool reads (1)"));
    }
}
