package dev.supabaseops.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExportFileNamesTest {
    @TempDir
    Path dir;

    /** "a b" and a_b make the same file name; the export used to write both into it. */
    @Test
    void tablesWhoseNamesMakeTheSameFileNameGetFilesOfTheirOwn() {
        TestDb source = TestDb.create("preprod");
        TestDb target = TestDb.create("prod");
        String schema = "create table \"a b\" (id int primary key, v text); create table a_b (id int primary key, v text);"
                + " create table \"A_B\" (id int primary key, v text);";
        source.exec(schema);
        target.exec(schema);
        source.exec("insert into \"a b\" values (1, 'space'); insert into a_b values (2, 'underscore'), (3, 'x');"
                + " insert into \"A_B\" values (4, 'upper')");
        List<String> tables = List.of("\"a b\"", "a_b", "\"A_B\"");
        ExportManifest m = DataSync.configure().source(source.db).tables(tables).load().exportTo(dir.resolve("snap"));
        assertThat(m.tables()).extracting(ExportManifest.Table::file)
                .containsExactly("public.a_b.copy", "public.a_b-2.copy", "public.A_B-3.copy");

        DataSync.configure().source(dir.resolve("snap")).target(target.db).load().apply();
        for (String t : List.of("public.\"a b\"", "public.a_b", "public.\"A_B\"")) {
            assertThat(target.digest(t)).as(t).isEqualTo(source.digest(t));
        }
    }

    @Test
    void fileNamesAreUniqueIgnoringCase() {
        Set<String> taken = new HashSet<>();
        assertThat(Exporter.fileFor(TableRef.parse("public.plans"), taken)).isEqualTo("public.plans.copy");
        assertThat(Exporter.fileFor(TableRef.parse("public.\"Plans\""), taken)).isEqualTo("public.Plans-2.copy");
        assertThat(Exporter.fileFor(TableRef.parse("public.\"plans\""), taken)).isEqualTo("public.plans-3.copy");
    }
}
