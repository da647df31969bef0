package dev.weir.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * When failed persistent queries may be restarted: a query whose job failed (a full disk, a failing
 * device) is restarted from its newest checkpoint after a delay that doubles from {@value
 * #FIRST_MILLIS} ms to {@value #MAX_MILLIS} ms while it keeps failing, so a cause that persists
 * costs a restart a minute rather than a busy loop. A query that then runs {@value #HEALTHY_MILLIS}
 * ms without failing starts from the first delay again. Not thread-safe: its owner's lock guards
 * it.
 */
final class RestartBackoff {
    static final long FIRST_MILLIS = 1_000;
    static final long MAX_MILLIS = 60_000;
    static final long HEALTHY_MILLIS = 600_000;

    private record Entry(long delayMillis, long nextMillis, long restartedAtMillis) {}

    private final Map<String, Entry> entries = new HashMap<>();

    /** Whether the failed query {@code id} may be restarted at {@code now}. */
    boolean due(String id, long now) {
        Entry entry =
                entries.computeIfAbsent(id, k -> new Entry(FIRST_MILLIS, now + FIRST_MILLIS, -1));
        return now >= entry.nextMillis();
    }

    /** Records a restart (or an attempt that failed) of {@code id} at {@code now}. */
    void restarted(String id, long now) {
        Entry entry = entries.getOrDefault(id, new Entry(FIRST_MILLIS, now, -1));
        long delay = Math.min(MAX_MILLIS, entry.delayMillis() * 2);
        entries.put(id, new Entry(delay, now + entry.delayMillis(), now));
    }

    /** Forgets {@code id} if it has run without failing long enough since its last restart. */
    void running(String id, long now) {
        Entry entry = entries.get(id);
        if (entry != null
                && entry.restartedAtMillis() >= 0
                && now - entry.restartedAtMillis() > HEALTHY_MILLIS) {
            entries.remove(id);
        }
    }

    void forget(String id) {
        entries.remove(id);
    }
}
