package dev.supabaseops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supabaseops.cli.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code demo}: the whole promotion on embedded databases and local Storage APIs, no account needed. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole promotion on this machine: two embedded PostgreSQL servers shaped like",
                "Supabase projects (preprod, prod), a local Storage API for each, and an example project.",
                "Plan → push preprod → health gate → [approval] → back up prod storage → push prod →",
                "sync config data → sync storage → health gate. No Supabase account, Docker or Jenkins."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every stage passed", "1:a stage failed", "2:bad usage"})
public final class DemoCommand extends OpsCommand {
    @Option(names = "--dir", paramLabel = "DIR", description = "Write the example project here and keep it (default: a temporary folder, removed at the end).")
    String dir;

    @Option(names = "--keep", description = "Keep the project folder and the servers running after the demo, until Ctrl-C, to try commands against them.")
    boolean keep;

    @Override
    protected int execute() throws Exception {
        Path project = dir == null ? null : ctx().path(dir);
        Demo demo = new Demo(project, keep, json() ? ctx().err() : ctx().out());
        int code = demo.run();
        if (json()) {
            JsonNode summary = demo.summary();
            printJson(summary);
        }
        if (code == 0 && keep) {
            demo.serveUntilInterrupted();
        }
        return code;
    }
}
