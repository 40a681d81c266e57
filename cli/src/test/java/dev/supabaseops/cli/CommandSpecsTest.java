package dev.supabaseops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands declared through picocli's programmatic API bind their options as annotations would. */
class CommandSpecsTest {
    @TempDir
    Path dir;

    private CliContext context() {
        return new CliContext(Map.of(), dir, System.out, System.err);
    }

    @Test
    void optionsDeclaredInCodeFillTheCommandsFields() {
        BackupStorageCommand backup = new BackupStorageCommand();
        new CommandLine(backup.spec(context())).parseArgs("--buckets", "a", "--buckets", "b,c", "--keep", "3", "--no-fsync",
                "--config", "ops.yml", "--json", "--env", "prod", "--out", "o", "--parallel", "8", "--verify", "v");
        assertThat(backup.buckets).as("repeated and comma-separated, as split = \",\" gives").containsExactly("a", "b", "c");
        assertThat(backup.keep).isEqualTo(3);
        assertThat(backup.parallel).isEqualTo(8);
        assertThat(backup.noFsync).isTrue();
        assertThat(backup.noIncremental).isFalse();
        assertThat(backup.dryRun).isFalse();
        assertThat(backup.configFile).isEqualTo(Path.of("ops.yml"));
        assertThat(backup.json).isTrue();
        assertThat(backup.debug).isFalse();
        assertThat(List.of(backup.env, backup.out, backup.verify)).containsExactly("prod", "o", "v");
        assertThat(backup.ctx()).isNotNull();

        RestoreStorageCommand restore = new RestoreStorageCommand();
        new CommandLine(restore.spec(context())).parseArgs("--env", "pre", "--from", "b", "--dry-run", "--confirm", "pre", "--debug");
        assertThat(List.of(restore.env, restore.from, restore.confirm)).containsExactly("pre", "b", "pre");
        assertThat(restore.dryRun).isTrue();
        assertThat(restore.debug).isTrue();
        assertThat(restore.buckets).isNull();

        SyncStorageCommand sync = new SyncStorageCommand();
        new CommandLine(sync.spec(context())).parseArgs("--from", "prod", "--to", "pre", "--delete", "--buckets", "x");
        assertThat(List.of(sync.from, sync.to)).containsExactly("prod", "pre");
        assertThat(sync.delete).isTrue();
        assertThat(sync.buckets).containsExactly("x");
    }

    /** Picocli never reads annotations of a command given as a spec: one added there would be ignored. */
    @Test
    void commandsDeclaredInCodeCarryNoPicocliAnnotations() {
        List<String> found = new ArrayList<>();
        for (Class<?> type : List.of(Main.class, BackupStorageCommand.class, RestoreStorageCommand.class, SyncStorageCommand.class)) {
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
            elements.addAll(List.of(type.getDeclaredFields()));
            elements.addAll(List.of(type.getDeclaredMethods()));
            for (AnnotatedElement e : elements) {
                for (Annotation a : e.getAnnotations()) {
                    if (a.annotationType().getName().startsWith("picocli.")) {
                        found.add(e + ": " + a.annotationType().getSimpleName());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
