package dev.supabaseops.sync;

import dev.supabaseops.core.OpsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Write order from the foreign-key graph of the synced tables: referenced tables first.
 *
 * <p>Self-references never constrain the order: a NOT DEFERRABLE foreign key is checked at the
 * end of the statement, not per row (PostgreSQL runs RI checks as AFTER triggers), so one
 * INSERT … SELECT can hold parents and children of the same table. Deferrable keys are deferred
 * to commit ({@code SET CONSTRAINTS ALL DEFERRED}), so they never constrain the order either; a
 * cycle made only of NOT DEFERRABLE keys has no working order and is refused.
 */
final class TableOrder {
    private TableOrder() {
    }

    /** @param tables in the order the user named them (ties keep that order) */
    static List<TableRef> sort(Map<TableRef, TableMeta> tables) {
        List<TableRef> byAll = topo(tables, false);
        if (byAll != null) {
            return byAll;
        }
        List<TableRef> byImmediate = topo(tables, true);
        if (byImmediate != null) {
            return byImmediate;
        }
        throw OpsException.usage("tables " + String.join(", ", cycle(tables)) + " reference each other through NOT DEFERRABLE"
                + " foreign keys, so no insert order works: make one of them DEFERRABLE (ALTER TABLE … ALTER CONSTRAINT"
                + " name DEFERRABLE) or sync the tables in separate runs");
    }

    private static List<TableRef> topo(Map<TableRef, TableMeta> tables, boolean immediateOnly) {
        Map<TableRef, Set<TableRef>> parents = new LinkedHashMap<>();
        for (Map.Entry<TableRef, TableMeta> e : tables.entrySet()) {
            Set<TableRef> ps = new LinkedHashSet<>();
            for (TableMeta.ForeignKey fk : e.getValue().foreignKeys()) {
                boolean counts = !fk.referenced().equals(e.getKey()) && tables.containsKey(fk.referenced())
                        && !(immediateOnly && fk.deferrable());
                if (counts) {
                    ps.add(fk.referenced());
                }
            }
            parents.put(e.getKey(), ps);
        }
        List<TableRef> out = new ArrayList<>();
        Set<TableRef> done = new LinkedHashSet<>();
        boolean progress = true;
        while (out.size() < tables.size() && progress) {
            progress = false;
            for (TableRef t : tables.keySet()) {
                if (!done.contains(t) && done.containsAll(parents.get(t))) {
                    out.add(t);
                    done.add(t);
                    progress = true;
                    break; // restart so earlier-named tables win ties
                }
            }
        }
        return out.size() == tables.size() ? List.copyOf(out) : null;
    }

    private static Set<String> cycle(Map<TableRef, TableMeta> tables) {
        // The tables left after peeling off everything that can be ordered are the cycle(s).
        Map<TableRef, TableMeta> rest = new LinkedHashMap<>(tables);
        boolean removed = true;
        while (removed) {
            removed = false;
            for (TableRef t : new ArrayList<>(rest.keySet())) {
                boolean hasParent = rest.get(t).foreignKeys().stream().anyMatch(fk -> !fk.deferrable()
                        && !fk.referenced().equals(t) && rest.containsKey(fk.referenced()));
                boolean hasChild = rest.entrySet().stream().anyMatch(e -> !e.getKey().equals(t) && e.getValue().foreignKeys()
                        .stream().anyMatch(fk -> !fk.deferrable() && fk.referenced().equals(t)));
                if (!hasParent || !hasChild) {
                    rest.remove(t);
                    removed = true;
                }
            }
        }
        Set<String> names = new TreeSet<>();
        rest.keySet().forEach(t -> names.add(t.toString()));
        return names;
    }
}
