package dev.supabaseops.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up runs the real per-object code, not a shortcut: its made-up page is read as that many
 * objects, with the sizes and etags written into it, and its metadata survives a write and a read.
 */
class StorageWarmUpTest {
    @Test
    void theMadeUpPageIsReadAsAListingOfThatManyObjects() throws IOException {
        ListingJson.Page page = ListingJson.listV2Page(new ByteArrayInputStream(StorageWarmUp.listV2Page()), cursor -> {
        });
        List<RemoteObject> objects = page.objects();
        assertThat(objects).hasSize(StorageWarmUp.OBJECTS);
        assertThat(page.nextCursor()).isNull();
        assertThat(objects.get(7)).isEqualTo(new RemoteObject("warm-up/object-7.bin", 65536 + 7,
                "\"87ce5156e10668aacb2845303cc8f437\"", "application/octet-stream", "max-age=3600"));
    }

    @Test
    void everyObjectGoesThroughTheMetadataWriterAndReader() {
        assertThat(StorageWarmUp.run()).isEqualTo(StorageWarmUp.OBJECTS);
        assertThat(StorageWarmUp.OBJECTS).as("past the launcher's JIT threshold of 100 calls").isGreaterThan(100);
    }
}
