package dev.weir.executor.operator.window;

import dev.weir.plan.WindowSpec;

/** The aligned window assigners: each divides its windows into slices ({@link SliceAssigner}). */
public final class WindowAssigners {
    private WindowAssigners() {}

    public static WindowAssigner of(WindowSpec spec) {
        return switch (spec.kind()) {
            case TUMBLE -> tumble(spec.size(), spec.offset());
            case HOP -> hop(spec.slide(), spec.size(), spec.offset());
            case CUMULATE -> cumulate(spec.slide(), spec.size(), spec.offset());
            case SESSION -> throw new IllegalArgumentException("sessions are not aligned windows");
            case ATTACHED ->
                    throw new IllegalArgumentException(
                            "attached windows are the rows', not assigned");
        };
    }

    /** The start of the window of length {@code size} (aligned at {@code offset}) holding t. */
    static long alignedStart(long time, long size, long offset) {
        return time - Math.floorMod(time - offset, size);
    }

    public static WindowAssigner tumble(long size, long offset) {
        positive(size, "TUMBLE size");
        return SliceAssigner.hopping(size, size, offset);
    }

    public static WindowAssigner hop(long slide, long size, long offset) {
        positive(slide, "HOP slide");
        positive(size, "HOP size");
        return SliceAssigner.hopping(slide, size, offset);
    }

    public static WindowAssigner cumulate(long step, long size, long offset) {
        positive(step, "CUMULATE step");
        positive(size, "CUMULATE size");
        if (size % step != 0) {
            throw new IllegalArgumentException(
                    "CUMULATE size must be a whole number of steps, not " + size + "/" + step);
        }
        return SliceAssigner.cumulative(step, size, offset);
    }

    private static void positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + value + " ms");
        }
    }
}
