package dev.supabaseops.storage;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DurabilityTest {
    /** The folders a run created, each once, deepest first (then by name): synced before their parents. */
    @Test
    void foldersBelowTheTopComeDeepestFirstEachOnce() {
        Path top = Path.of("/backups/prod-ref/20261202T000000Z.partial");
        List<Path> dirs = List.of(top.resolve("b/x/y"), top.resolve("a/z"), top.resolve("b/x"), top.resolve("a"));
        assertThat(Durability.foldersBelow(top, dirs)).containsExactly(top.resolve("b/x/y"), top.resolve("a/z"),
                top.resolve("b/x"), top.resolve("a"), top.resolve("b"));
    }
}
