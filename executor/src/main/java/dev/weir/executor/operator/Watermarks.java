package dev.weir.executor.operator;

/** Watermark values: event time in milliseconds since the epoch, zone-less. */
public final class Watermarks {
    /** No watermark yet: nothing is complete. */
    public static final long NONE = Long.MIN_VALUE;

    /** The input has ended: everything is complete. */
    public static final long END = Long.MAX_VALUE;

    private Watermarks() {}

    public static String toString(long watermark) {
        if (watermark == NONE) {
            return "none";
        }
        if (watermark == END) {
            return "end";
        }
        return java.time.Instant.ofEpochMilli(watermark)
                .toString()
                .replace("T", " ")
                .replace("Z", "");
    }
}
