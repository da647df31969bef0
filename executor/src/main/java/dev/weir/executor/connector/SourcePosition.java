package dev.weir.executor.connector;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a reader is in its source, as opaque bytes a checkpoint stores and a restore hands back to
 * {@link SourceReader#open}. Opening at a position read from {@link SourceReader#position()}
 * replays exactly the rows that followed it. Bytes rather than a long so that a source with several
 * coordinates (a file's byte offset and line number, a Kafka partition map) fits too.
 */
public final class SourcePosition {
    /**
     * Where a fresh reader starts: the beginning, as the source defines it. Distinct from any
     * position a reader reports, so a restore is never mistaken for a fresh start.
     */
    public static final SourcePosition START = new SourcePosition(new byte[0]);

    private final byte[] bytes;

    private SourcePosition(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SourcePosition fromBytes(byte[] bytes) {
        return bytes.length == 0 ? START : new SourcePosition(bytes.clone());
    }

    /** A position of one or more long coordinates. */
    public static SourcePosition of(long... coordinates) {
        ByteBuffer buffer = ByteBuffer.allocate(coordinates.length * Long.BYTES);
        for (long c : coordinates) {
            buffer.putLong(c);
        }
        return new SourcePosition(buffer.array());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public boolean isStart() {
        return bytes.length == 0;
    }

    /**
     * The long coordinates of a position made by {@link #of}; {@code count} of them are expected.
     *
     * @throws IllegalArgumentException if the position was not made for this kind of source
     */
    public long[] longs(int count) {
        if (bytes.length != count * Long.BYTES) {
            throw new IllegalArgumentException(
                    "a position of " + bytes.length + " bytes where " + count + " longs belong");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = buffer.getLong();
        }
        return values;
    }

    /**
     * All the long coordinates of a position made by {@link #of}, however many.
     *
     * @throws IllegalArgumentException if the position is not made of longs
     */
    public long[] longs() {
        if (bytes.length % Long.BYTES != 0) {
            throw new IllegalArgumentException(
                    "a position of " + bytes.length + " bytes is not made of longs");
        }
        return longs(bytes.length / Long.BYTES);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcePosition p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return isStart() ? "START" : HexFormat.of().formatHex(bytes);
    }
}
