package dev.weir.executor.operator.window;

/**
 * Which aligned windows (TUMBLE, HOP, CUMULATE) contain an event time. Pure arithmetic on
 * milliseconds; windows are half-open {@code [start, end)}. Sessions are not aligned: they are
 * built by merging, in {@link SessionWindowAggregateOperator}.
 */
public interface WindowAssigner {
    /** Receives one window. */
    interface Sink {
        void window(long start, long end);
    }

    /** Calls {@code sink} once per window containing {@code time}, in order of start. */
    void assign(long time, Sink sink);
}
