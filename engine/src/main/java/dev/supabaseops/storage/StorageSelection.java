package dev.supabaseops.storage;

import dev.supabaseops.core.OpsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks the requested buckets from what a project has; a name it lacks is a usage error (exit 2). */
final class StorageSelection {
    private StorageSelection() {
    }

    static List<BucketInfo> select(List<BucketInfo> available, List<String> requested, String env) {
        if (requested == null || requested.isEmpty()) {
            return available;
        }
        Map<String, BucketInfo> byName = new LinkedHashMap<>();
        available.forEach(b -> byName.put(b.name(), b));
        // by name: a record's equals would cost the first call ~30 ms of method-handle set-up
        Map<String, BucketInfo> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : requested) {
            BucketInfo b = byName.get(name);
            if (b == null) {
                missing.add(name);
            } else {
                out.putIfAbsent(name, b);
            }
        }
        if (!missing.isEmpty()) {
            throw OpsException.usage("unknown bucket" + (missing.size() > 1 ? "s" : "") + " in " + env + ": "
                    + String.join(", ", missing) + " (it has: " + (byName.isEmpty() ? "no buckets" : String.join(", ", byName.keySet()))
                    + "); fix --buckets or storage.buckets");
        }
        return List.copyOf(out.values());
    }
}
