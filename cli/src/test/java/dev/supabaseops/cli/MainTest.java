package dev.supabaseops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void unknownCommandIsUsageErrorOnOneLine() {
        Cli.Result r = Cli.run(Map.of(), dir, "frobnicate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: ");
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(Cli.run(Map.of(), dir, "--version").out()).startsWith("supabase-ops ");
        Cli.Result help = Cli.run(Map.of(), dir, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes:");
    }
}
