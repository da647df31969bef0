package dev.weir.executor.operator.window;

import dev.weir.plan.WindowSpec;

/** The aligned window assigners. */
public final class WindowAssigners {
    private WindowAssigners() {}

    public static WindowAssigner of(WindowSpec spec) {
        return switch (spec.kind()) {
            case TUMBLE -> tumble(spec.size(), spec.offset());
            case HOP -> hop(spec.slide(), spec.size(), spec.offset());
            case CUMULATE -> cumulate(spec.slide(), spec.size(), spec.offset());
            case SESSION -> throw new IllegalArgumentException("sessions are not aligned windows");
        };
    }

    /** The start of the window of length {@code size} (aligned at {@code offset}) holding t. */
    static long alignedStart(long time, long size, long offset) {
        return time - Math.floorMod(time - offset, size);
    }

    public static WindowAssigner tumble(long size, long offset) {
        positive(size, "TUMBLE size");
        return (time, sink) -> {
            long start = alignedStart(time, size, offset);
            sink.window(start, start + size);
        };
    }

    public static WindowAssigner hop(long slide, long size, long offset) {
        positive(slide, "HOP slide");
        positive(size, "HOP size");
        return (time, sink) -> {
            long lastStart = alignedStart(time, slide, offset);
            long first = lastStart;
            while (first - slide > time - size) {
                first -= slide;
            }
            for (long start = first; start <= lastStart; start += slide) {
                if (start + size > time) { // a slide longer than the size leaves gaps
                    sink.window(start, start + size);
                }
            }
        };
    }

    public static WindowAssigner cumulate(long step, long size, long offset) {
        positive(step, "CUMULATE step");
        positive(size, "CUMULATE size");
        if (size % step != 0) {
            throw new IllegalArgumentException(
                    "CUMULATE size must be a whole number of steps, not " + size + "/" + step);
        }
        return (time, sink) -> {
            long start = alignedStart(time, size, offset);
            long firstEnd = alignedStart(time, step, offset) + step;
            for (long end = firstEnd; end <= start + size; end += step) {
                sink.window(start, end);
            }
        };
    }

    private static void positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + value + " ms");
        }
    }
}
