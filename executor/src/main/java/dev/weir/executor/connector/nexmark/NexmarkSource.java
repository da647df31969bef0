package dev.weir.executor.connector.nexmark;

import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One Nexmark table as a stream: walks the event numbers, keeps those of its table. Paced in
 * processing time when an events-per-second rate is set (counting events of every kind, as the
 * benchmark does); ends after max-events when that is set.
 */
public final class NexmarkSource implements SourceFunction {
    private final NexmarkTable table;
    private final NexmarkConfig config;
    private final NexmarkGenerator generator;
    private final LongSupplier clock;
    private long next;
    private long startedAt = -1;
    private long startEvent;

    public NexmarkSource(
            NexmarkTable table, NexmarkConfig config, LongSupplier clock, long startPosition) {
        this.table = table;
        this.config = config;
        this.generator = new NexmarkGenerator(config);
        this.clock = clock;
        this.next = startPosition;
    }

    /** The number of the next event to generate: the position to resume from. */
    public long position() {
        return next;
    }

    @Override
    public List<Row> poll(int max) {
        long limit = config.maxEvents() > 0 ? config.maxEvents() : Long.MAX_VALUE;
        if (config.eventsPerSecond() > 0) {
            long now = clock.getAsLong();
            if (startedAt < 0) {
                // A paced stream is live: the events whose time has passed have happened
                // already; reading starts at now, as a consumer joining a live feed would.
                startedAt = now;
                long live =
                        Math.max(0, (now - config.baseTime()) * config.eventsPerSecond() / 1000);
                next = Math.max(next, live);
                startEvent = next;
            }
            limit =
                    Math.min(
                            limit,
                            startEvent + (now - startedAt) * config.eventsPerSecond() / 1000 + 1);
        }
        if (startedAt < 0 && config.eventsPerSecond() == 0) {
            startedAt = 0;
        }
        List<Row> rows = new ArrayList<>(Math.min(max, 1024));
        while (rows.size() < max && next < limit) {
            long n = next++;
            if (NexmarkGenerator.kindOf(n) == table) {
                rows.add(generator.event(n));
            }
        }
        return rows;
    }

    @Override
    public boolean isEnded() {
        return config.maxEvents() > 0 && next >= config.maxEvents();
    }
}
