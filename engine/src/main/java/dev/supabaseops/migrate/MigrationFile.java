package dev.supabaseops.migrate;

import java.nio.file.Path;
import java.util.List;

/**
 * One local migration file, split like the Supabase CLI splits it.
 *
 * @param version                the digits before the first {@code _} (compared as strings, like the CLI)
 * @param name                   the part between {@code _} and {@code .sql}
 * @param file                   the file on disk
 * @param statements             statements exactly as the CLI stores them in {@code statements}
 * @param statementLines         1-based line where each statement starts (for lint and error reports)
 * @param noTransactionDirective the file starts with {@code -- pg-delta: transaction=false}
 * @param content                the file's text (lint reads comment directives from it)
 */
public record MigrationFile(String version, String name, Path file, List<String> statements,
                            List<Integer> statementLines, boolean noTransactionDirective, String content) {

    /** {@code <version>_<name>.sql}, as the CLI prints it. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** Line of statement {@code i}'s first code character (after leading comments, which the CLI keeps). */
    public int codeLine(int i) {
        String s = statements.get(i);
        int code = SqlText.skipSpaceAndComments(s, 0);
        return statementLines.get(i) + (int) s.substring(0, code).chars().filter(ch -> ch == '\n').count();
    }
}
