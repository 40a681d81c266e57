package dev.supabaseops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One line per command from its {@code --json} result: the real counts, nothing invented. */
final class DemoSummaries {
    private DemoSummaries() {
    }

    static String describe(String[] args, JsonNode r, ObjectNode summary) {
        String key = String.join(" ", args).replace(" --confirm prod", "");
        return switch (args[0]) {
            case "push" -> {
                int applied = r.path("applied").size();
                summary.put(key + ": migrations applied", applied);
                StringBuilder names = new StringBuilder();
                r.path("applied").forEach(a -> names.append(names.isEmpty() ? " (" : ", ")
                        .append(a.path("version").asText()).append('_').append(a.path("name").asText()));
                yield applied + " migration" + (applied == 1 ? "" : "s") + " applied" + (names.isEmpty() ? "" : names + ")")
                        + ", " + r.path("alreadyApplied").asInt() + " already there";
            }
            case "sync-data" -> {
                long ins = 0, upd = 0, unchanged = 0, urls = 0, signed = 0;
                for (JsonNode t : r.path("plan").path("tables")) {
                    ins += t.path("inserts").asLong();
                    upd += t.path("updates").asLong();
                    unchanged += t.path("unchanged").asLong();
                    for (JsonNode n : t.path("urlRewrites")) {
                        urls += n.asLong();
                    }
                    for (JsonNode n : t.path("signedUrls")) {
                        signed += n.asLong();
                    }
                }
                summary.put(key + ": rows written", r.path("rowsWritten").asLong());
                summary.put(key + ": urls rewritten", urls);
                yield r.path("plan").path("tables").size() + " tables: " + ins + " rows inserted, " + upd + " updated, "
                        + unchanged + " unchanged; "
                        + (r.path("rowsWritten").asLong() > 0 ? urls + " storage URLs rewritten" : "storage URLs already rewritten")
                        + (signed > 0 ? ", " + signed + " signed URL reported" : "") + "; " + r.path("rowsWritten").asLong()
                        + " rows written in one transaction";
            }
            case "backup-storage" -> {
                summary.put(key + ": objects backed up", r.path("objects").asLong());
                yield r.path("objects").asLong() + " objects (" + r.path("bytes").asLong() + " bytes) in "
                        + r.path("buckets").asInt() + " bucket" + (r.path("buckets").asInt() == 1 ? "" : "s") + ": " + r.path("downloaded").asLong() + " downloaded, "
                        + r.path("linked").asLong() + " linked from the previous backup; sha256 in _backup_metadata.json";
            }
            case "sync-storage" -> {
                summary.put(key + ": objects copied", r.path("copied").asLong());
                yield r.path("copied").asLong() + " objects copied (" + r.path("copiedBytes").asLong() + " bytes), "
                        + r.path("skipped").asLong() + " identical skipped";
            }
            case "health-gate" -> {
                long passed = 0;
                for (JsonNode c : r.path("checks")) {
                    passed += c.path("passed").asBoolean() ? 1 : 0;
                }
                summary.put(key + ": checks passed", passed);
                StringBuilder names = new StringBuilder();
                r.path("checks").forEach(c -> names.append(names.isEmpty() ? "" : ", ").append(c.path("name").asText()));
                yield passed + "/" + r.path("checks").size() + " checks passed (" + names + ")";
            }
            default -> "done";
        };
    }
}
