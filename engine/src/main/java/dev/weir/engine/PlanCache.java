package dev.weir.engine;

import dev.weir.planner.PlannedQuery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plans of snapshot queries by their exact text, least recently used dropped first. Cleared
 * whenever the catalog may change, so a cached plan always matches the catalog it runs against.
 */
final class PlanCache {
    private final Map<String, PlannedQuery> plans;
    private long generation;

    PlanCache(int capacity) {
        this.plans =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, PlannedQuery> eldest) {
                        return size() > capacity;
                    }
                };
    }

    synchronized PlannedQuery get(String sql) {
        return plans.get(sql);
    }

    /** Changes whenever the cache is cleared: take it before planning, hand it to put. */
    synchronized long generation() {
        return generation;
    }

    /** Keeps a plan made since {@code generation}, unless the catalog may have changed since. */
    synchronized void put(String sql, PlannedQuery plan, long generation) {
        if (generation == this.generation) {
            plans.put(sql, plan);
        }
    }

    synchronized void clear() {
        plans.clear();
        generation++;
    }
}
