package dev.supabaseops.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a listed object counts as unchanged since the last backup (and is linked, not downloaded). */
class RemoteObjectTest {
    static RemoteObject listed(String etag, long size) {
        return new RemoteObject("a.txt", size, etag, "text/plain", null);
    }

    @Test
    void sameEtagAndSizeIsTheSameContent() {
        assertThat(listed("\"abc\"", 3).sameContentAs("\"abc\"", 3)).isTrue();
        assertThat(listed("\"abc\"", 3).sameContentAs("\"abc\"", 4)).isFalse();
        assertThat(listed("\"abc\"", 3).sameContentAs("\"abd\"", 3)).isFalse();
    }

    @Test
    void quotesWeakPrefixesAndSurroundingSpaceAreIgnored() {
        assertThat(listed("\"abc\"", 3).sameContentAs("abc", 3)).isTrue();
        assertThat(listed("W/\"abc\"", 3).sameContentAs("\"abc\"", 3)).isTrue();
        assertThat(listed(" \"abc\" ", 3).sameContentAs("W/abc", 3)).isTrue();
        assertThat(listed("W/\"abc\"", 3).sameContentAs("\"W/abc\"", 3)).isFalse(); // only a leading W/ is a prefix
    }

    @Test
    void aMissingEtagIsNeverTheSameContent() {
        assertThat(listed(null, 3).sameContentAs(null, 3)).isFalse();
        assertThat(listed(null, 3).sameContentAs("\"abc\"", 3)).isFalse();
        assertThat(listed("\"abc\"", 3).sameContentAs(null, 3)).isFalse();
    }
}
