package dev.weir.executor.connector.nexmark;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One Nexmark table as a stream: walks the event numbers, keeps those of its table. Its position is
 * the number of the next event (of any kind), so a replay from a position is exact. Paced in
 * processing time when an events-per-second rate is set (counting events of every kind, as the
 * benchmark does): a poll returns what the rate allows so far and never sleeps. Ends after
 * max-events when that is set.
 */
public final class NexmarkSource implements SourceReader {
    private final NexmarkTable table;
    private final NexmarkConfig config;
    private final NexmarkGenerator generator;
    private final LongSupplier clock;
    private long next;
    private boolean opened;
    private long pacedFrom = -1;
    private long pacedFromEvent;

    public NexmarkSource(NexmarkTable table, NexmarkConfig config, LongSupplier clock) {
        this.table = table;
        this.config = config;
        this.generator = new NexmarkGenerator(config);
        this.clock = clock;
    }

    /** A reader already opened at event number {@code startPosition}. */
    public NexmarkSource(
            NexmarkTable table, NexmarkConfig config, LongSupplier clock, long startPosition) {
        this(table, config, clock);
        if (startPosition > 0) {
            open(SourcePosition.of(startPosition));
        }
    }

    @Override
    public void open(SourcePosition position) {
        if (position.isStart()) {
            next = 0;
            if (config.live() && config.eventsPerSecond() > 0) {
                // A live stream's past has happened already: start at the event of "now".
                long now = clock.getAsLong();
                next = Math.max(0, (now - config.baseTime()) * config.eventTimeRate() / 1000);
            }
        } else {
            next = position.longs(1)[0];
        }
        opened = true;
        pacedFrom = -1;
    }

    /** The number of the next event to generate: the position to resume from. */
    public long nextEvent() {
        return next;
    }

    @Override
    public SourcePosition position() {
        return SourcePosition.of(next);
    }

    @Override
    public List<Row> poll(int maxRows) {
        if (!opened) {
            open(SourcePosition.START);
        }
        long limit = config.maxEvents() > 0 ? config.maxEvents() : Long.MAX_VALUE;
        if (config.eventsPerSecond() > 0) {
            limit = Math.min(limit, pacedLimit());
        }
        List<Row> rows = new ArrayList<>(Math.min(maxRows, 1024));
        while (rows.size() < maxRows && next < limit) {
            long n = next++;
            if (NexmarkGenerator.kindOf(n) == table) {
                rows.add(generator.event(n));
            }
        }
        return rows;
    }

    /**
     * One past the last event the rate allows by now, counted from the first paced poll; for a live
     * stream, at least every event whose time has come, so that a reader resumed from an old
     * position (after a restart) catches up with the feed instead of trailing it forever.
     */
    private long pacedLimit() {
        long now = clock.getAsLong();
        if (pacedFrom < 0) {
            pacedFrom = now;
            pacedFromEvent = next;
        }
        long elapsed = Math.max(0, now - pacedFrom);
        long limit = pacedFromEvent + elapsed * config.eventsPerSecond() / 1000 + 1;
        if (config.live()) {
            limit = Math.max(limit, (now - config.baseTime()) * config.eventTimeRate() / 1000 + 1);
        }
        return limit;
    }

    @Override
    public boolean isEnded() {
        return config.maxEvents() > 0 && next >= config.maxEvents();
    }

    @Override
    public long malformedCount() {
        return 0; // generated events are well-formed by construction
    }

    @Override
    public void close() {}
}
