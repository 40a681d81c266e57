package dev.supabaseops.cli;

import dev.supabaseops.migrate.MigrationList;
import dev.supabaseops.migrate.PushRun;
import dev.supabaseops.migrate.RepairResult;
import dev.supabaseops.migrate.RepairStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;

/** {@code migrations list|repair}: the history table, like {@code supabase migration list|repair}. */
@Command(name = "migrations", mixinStandardHelpOptions = true,
        description = "Show or repair the migration history (supabase_migrations.schema_migrations).",
        subcommands = {MigrationsCommand.ListHistory.class, MigrationsCommand.Repair.class})
public final class MigrationsCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list or repair");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List local migration files and the environment's history side by side.")
    static final class ListHistory extends OpsCommand {
        @Option(names = "--env", required = true, paramLabel = "ENV", description = "Environment to read.")
        String env;

        @Option(names = "--dir", paramLabel = "DIR", description = "Migrations folder (default: migrations.dir, else supabase/migrations).")
        String dir;

        @Override
        protected int execute() {
            MigrationList list = PushRun.configure(config(), env, dir, listener()).load().list();
            if (json()) {
                printJson(list);
                return 0;
            }
            int w = Math.max(14, list.rows().stream().mapToInt(r -> Math.max(r.local().length(), r.remote().length())).max().orElse(0));
            String fmt = "  %-" + w + "s | %-" + w + "s | %s";
            println(String.format(fmt, "Local", "Remote", "Time (UTC)"));
            println("  " + "-".repeat(w) + "-|-" + "-".repeat(w) + "-|-" + "-".repeat(19));
            list.rows().forEach(r -> println(String.format(fmt, r.local(), r.remote(), r.time())));
            long pending = list.rows().stream().filter(r -> r.remote().isEmpty()).count();
            long remoteOnly = list.rows().stream().filter(r -> r.local().isEmpty()).count();
            println(list.rows().size() + " version(s): " + pending + " not applied, " + remoteOnly + " only on " + list.environment() + ".");
            return 0;
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = {"Mark versions applied (recorded from their local files without running them, e.g. data-only",
                    "migrations) or reverted (removed from the history)."})
    static final class Repair extends OpsCommand {
        @Option(names = "--env", required = true, paramLabel = "ENV", description = "Environment to repair.")
        String env;

        @Option(names = "--status", required = true, paramLabel = "STATUS", description = "applied or reverted.")
        RepairStatus status;

        @Option(names = "--dir", paramLabel = "DIR", description = "Migrations folder (default: migrations.dir, else supabase/migrations).")
        String dir;

        @Option(names = "--confirm", paramLabel = "ENV", description = "Name the environment again to repair a protected one.")
        String confirm;

        @Parameters(arity = "1..*", paramLabel = "VERSION", description = "Versions to repair.")
        List<String> versions = List.of();

        @Override
        protected int execute() {
            RepairResult r = PushRun.configure(config(), env, dir, listener()).confirm(confirm).load().repair(status, versions);
            if (json()) {
                printJson(r);
            } else {
                println("Repaired migration history of " + r.environment() + ": [" + String.join(" ", r.versions()) + "] => "
                        + r.status().name().toLowerCase() + " (" + r.rowsChanged() + " row(s) changed)");
            }
            return 0;
        }
    }
}
