package dev.supabaseops.migrate;

import java.util.List;

/** What {@code migrations repair} changed in the history table. */
public record RepairResult(String environment, RepairStatus status, List<String> versions, int rowsChanged) {
}
