package dev.weir.executor.operator.window;

/**
 * Aligned windows (TUMBLE, HOP, CUMULATE) as runs of slices: panes of one length, aligned at the
 * windows' offset, such that every window is a whole number of consecutive slices. The length is
 * the greatest common divisor of a HOP window's size and slide, a CUMULATE window's step, a TUMBLE
 * window's size. A row then belongs to exactly one slice, and a window's result is its slices'
 * accumulators merged when it fires: a row of a HOP window of size 10 s and slide 2 s is
 * accumulated once instead of five times (the idea of Flink's slicing window operators).
 *
 * <p>A slice is named by its end: slice {@code e} is {@code [e - length, e)}.
 */
public final class SliceAssigner implements WindowAssigner {
    private final long length;
    private final long size;

    /** Between window starts (HOP, TUMBLE: size), or between window ends (CUMULATE: the step). */
    private final long slide;

    private final long offset;
    private final boolean cumulative;

    private SliceAssigner(long length, long size, long slide, long offset, boolean cumulative) {
        this.length = length;
        this.size = size;
        this.slide = slide;
        this.offset = offset;
        this.cumulative = cumulative;
    }

    /** Windows of {@code size} starting every {@code slide} (TUMBLE: slide = size). */
    static SliceAssigner hopping(long slide, long size, long offset) {
        return new SliceAssigner(gcd(size, slide), size, slide, offset, false);
    }

    /** Windows starting every {@code size}, growing by {@code step} up to {@code size}. */
    static SliceAssigner cumulative(long step, long size, long offset) {
        return new SliceAssigner(step, size, step, offset, true);
    }

    /** The end of the slice holding {@code time}. */
    long sliceEnd(long time) {
        return WindowAssigners.alignedStart(time, length, offset) + length;
    }

    /** The slice before slice {@code sliceEnd}. */
    long previousSlice(long sliceEnd) {
        return sliceEnd - length;
    }

    /** Whether a window is made of more than one slice, so that neighbouring slices share it. */
    boolean windowsSpanSlices() {
        return size > length;
    }

    /**
     * The end of the last window holding slice {@code sliceEnd}, or {@link Long#MIN_VALUE} if no
     * window holds it (a gap between HOP windows shorter than their slide).
     */
    long lastWindowEnd(long sliceEnd) {
        if (cumulative) {
            return periodStart(sliceEnd) + size;
        }
        long lastStart = WindowAssigners.alignedStart(sliceEnd - length, slide, offset);
        return lastStart + size >= sliceEnd ? lastStart + size : Long.MIN_VALUE;
    }

    /** Calls {@code sink} once per window holding slice {@code sliceEnd}, in order of end. */
    void windows(long sliceEnd, Sink sink) {
        if (cumulative) {
            long start = periodStart(sliceEnd);
            for (long end = sliceEnd; end <= start + size; end += slide) {
                sink.window(start, end);
            }
            return;
        }
        long lastStart = WindowAssigners.alignedStart(sliceEnd - length, slide, offset);
        long from = sliceEnd - size;
        long firstStart = from + Math.floorMod(offset - from, slide); // the first aligned >= from
        for (long start = firstStart; start <= lastStart; start += slide) {
            sink.window(start, start + size);
        }
    }

    /** Whether window {@code [start, end)} holds slice {@code sliceEnd}. */
    boolean holds(long start, long end, long sliceEnd) {
        return start <= sliceEnd - length && sliceEnd <= end;
    }

    /** The slices of window {@code [start, end)}, by end: {@code start + length} to {@code end}. */
    long firstSlice(long start) {
        return start + length;
    }

    long length() {
        return length;
    }

    @Override
    public void assign(long time, Sink sink) {
        // Windows are runs of whole slices, so the windows holding a time are its slice's.
        windows(sliceEnd(time), sink);
    }

    /** The start of the CUMULATE period (and so of every window) holding slice sliceEnd. */
    private long periodStart(long sliceEnd) {
        return WindowAssigners.alignedStart(sliceEnd - length, size, offset);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
