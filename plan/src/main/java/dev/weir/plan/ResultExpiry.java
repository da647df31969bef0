package dev.weir.plan;

/**
 * When a result key can change no more: its rows belong to a window (the key holds the window's
 * end) whose state the watermark drops once it passes the end plus the allowed lateness. What keeps
 * something per result key (EMIT STREAM's {@code ver}) forgets the key then, so it holds no more
 * than the query's own windows.
 *
 * @param windowEndField the result field holding the window's end (epoch milliseconds)
 * @param allowedLatenessMillis how long past its end the window still takes late rows
 */
public record ResultExpiry(int windowEndField, long allowedLatenessMillis) {
    public ResultExpiry {
        if (windowEndField < 0 || allowedLatenessMillis < 0) {
            throw new IllegalArgumentException(
                    "a window end field and a lateness must not be negative");
        }
    }

    /** Whether a key whose window ends at {@code windowEnd} is final at {@code watermark}. */
    public boolean isFinal(long windowEnd, long watermark) {
        return windowEnd + allowedLatenessMillis <= watermark;
    }
}
