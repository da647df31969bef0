package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal streams on the heap, for an engine without a data directory (tests, embedding). Not
 * durable: that is the log storage's job.
 */
public final class InMemoryStreamStorage implements StreamStorage {
    private final Map<String, List<Row>> streams = new ConcurrentHashMap<>();

    /** Per stream, the jobs of tailing readers, woken after each append. */
    private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    private Set<Runnable> listeners(String stream) {
        return listeners.computeIfAbsent(
                stream.toLowerCase(Locale.ROOT), s -> ConcurrentHashMap.newKeySet());
    }

    private List<Row> events(String stream) {
        return streams.computeIfAbsent(stream.toLowerCase(Locale.ROOT), s -> new ArrayList<>());
    }

    @Override
    public void append(String stream, List<Row> rows) {
        List<Row> events = events(stream);
        synchronized (events) {
            events.addAll(rows);
        }
        listeners(stream).forEach(Runnable::run);
    }

    @Override
    public SourceFunction reader(String stream, boolean boundedAtCurrentEnd) {
        List<Row> events = events(stream);
        synchronized (events) {
            return reader(
                    events,
                    listeners(stream),
                    0,
                    boundedAtCurrentEnd ? events.size() : Integer.MAX_VALUE);
        }
    }

    @Override
    public SourceFunction newEventsReader(String stream) {
        List<Row> events = events(stream);
        synchronized (events) {
            return reader(events, listeners(stream), events.size(), Integer.MAX_VALUE);
        }
    }

    private static SourceFunction reader(
            List<Row> events, Set<Runnable> listeners, int from, int end) {
        return new SourceFunction() {
            private int next = from;
            private Runnable listener;

            @Override
            public void onAvailable(Runnable wake) {
                if (end == Integer.MAX_VALUE) {
                    listener = wake;
                    listeners.add(wake);
                }
            }

            @Override
            public void close() {
                if (listener != null) {
                    listeners.remove(listener);
                }
            }

            @Override
            public List<Row> poll(int max) {
                synchronized (events) {
                    int to = Math.min(Math.min(events.size(), end), next + max);
                    List<Row> batch = new ArrayList<>(events.subList(next, Math.max(next, to)));
                    next = Math.max(next, to);
                    return batch;
                }
            }

            @Override
            public boolean isEnded() {
                return next >= end;
            }

            @Override
            public boolean endIsFinal() {
                // A snapshot of an internal stream stops at the events present now; the stream
                // goes on, so its open windows are not complete.
                return false;
            }
        };
    }

    @Override
    public long end(String stream) {
        List<Row> events = events(stream);
        synchronized (events) {
            return events.size();
        }
    }

    @Override
    public List<Row> read(String stream, long from, int max) {
        List<Row> events = events(stream);
        synchronized (events) {
            int start = (int) Math.min(from, events.size());
            return new ArrayList<>(events.subList(start, Math.min(events.size(), start + max)));
        }
    }

    @Override
    public void drop(String stream) {
        streams.remove(stream.toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        streams.clear();
    }
}
