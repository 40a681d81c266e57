package dev.supabaseops.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.supabaseops.storage.BackupMetadata.ObjectEntry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the storage commands' per-object code (a list-v2 page read, the plan's file names and
 * comparisons, backup metadata written and read) on made-up objects, on a daemon thread the CLI
 * starts while it parses its command line: the JIT compiles that code while a core would otherwise
 * idle, instead of the run reading its first listings and metadata in the interpreter. A nightly
 * backup over unchanged buckets is mostly that reading (docs/benchmarks.md). Nothing here reads or
 * writes a file or connects anywhere.
 */
public final class StorageWarmUp {
    /** Enough objects for the per-object code to pass the JIT's thresholds (the launcher's: 100 calls). */
    static final int OBJECTS = 150;

    private StorageWarmUp() {
    }

    /** Made-up data through the real readers and writers; returns the objects read back (for tests). */
    public static int run() {
        try {
            ListingJson.Page page = ListingJson.listV2Page(new ByteArrayInputStream(listV2Page()), cursor -> {
            });
            // what a backup's plan does with each listed object: its file name, and the last backup's entry
            List<String> keys = new ArrayList<>(page.objects().size());
            page.objects().forEach(o -> keys.add(o.key()));
            Map<String, String> files = ObjectPaths.assign(keys);
            Path root = ObjectPaths.root(Path.of("warm-up"));
            List<ObjectEntry> entries = new ArrayList<>(page.objects().size());
            for (RemoteObject o : page.objects()) {
                ObjectPaths.insideRoot(root, files.get(o.key()));
                o.sameContentAs(o.etag(), o.size());
                entries.add(new ObjectEntry(o.key(), files.get(o.key()), o.size(), o.etag(), o.contentType(), o.cacheControl(),
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
            }
            Instant now = Instant.now();
            BackupMetadata m = new BackupMetadata(BackupMetadata.FORMAT, "supabase-ops", "warm-up", "warm-up", "warm-up", now,
                    now, null, List.of(new BackupMetadata.Bucket("warm-up", false, null, null, entries)), List.of(), null);
            ByteArrayOutputStream out = new ByteArrayOutputStream(OBJECTS * 400);
            MetadataJson.write(m, out);
            return MetadataJson.read(new ByteArrayInputStream(out.toByteArray())).buckets().get(0).objects().size();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory JSON does not fail
        }
    }

    /** A list-v2 page with the fields the Storage API sends (the transcript's). */
    static byte[] listV2Page() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(OBJECTS * 450);
        try (JsonGenerator g = ListingJson.FACTORY.createGenerator((OutputStream) bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeBooleanField("hasNext", false);
            g.writeArrayFieldStart("folders");
            g.writeEndArray();
            g.writeArrayFieldStart("objects");
            for (int i = 0; i < OBJECTS; i++) {
                g.writeStartObject();
                g.writeStringField("name", "warm-up/object-" + i + ".bin");
                g.writeStringField("id", "00000000-0000-4000-8000-" + (100_000_000_000L + i));
                g.writeStringField("updated_at", "2026-11-22T03:38:15.976Z");
                g.writeStringField("created_at", "2026-11-22T03:38:15.976Z");
                g.writeStringField("last_accessed_at", "2026-11-22T03:38:15.976Z");
                g.writeObjectFieldStart("metadata");
                g.writeStringField("eTag", "\"87ce5156e10668aacb2845303cc8f437\"");
                g.writeNumberField("size", 65536 + i);
                g.writeStringField("mimetype", "application/octet-stream");
                g.writeStringField("cacheControl", "max-age=3600");
                g.writeStringField("lastModified", "2026-11-22T03:38:15.971Z");
                g.writeNumberField("contentLength", 65536 + i);
                g.writeNumberField("httpStatusCode", 200);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
