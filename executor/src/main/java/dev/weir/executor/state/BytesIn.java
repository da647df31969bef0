package dev.weir.executor.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads what {@link BytesOut} wrote. */
public final class BytesIn {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private int position;
    private final int end;

    public BytesIn(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public BytesIn(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    public int readByte() {
        if (position >= end) {
            throw new IllegalStateException("read past the end of an encoded value");
        }
        return bytes[position++] & 0xFF;
    }

    public int peekByte() {
        if (position >= end) {
            throw new IllegalStateException("read past the end of an encoded value");
        }
        return bytes[position] & 0xFF;
    }

    public byte[] readBytes(int length) {
        if (position + length > end) {
            throw new IllegalStateException("read past the end of an encoded value");
        }
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    public long readLongBigEndian() {
        require(8);
        long v = (long) LONGS.get(bytes, position);
        position += 8;
        return v;
    }

    public int readIntBigEndian() {
        require(4);
        int v = (int) INTS.get(bytes, position);
        position += 4;
        return v;
    }

    /**
     * Reads what {@link BytesOut#writeTerminatedUtf8} wrote: UTF-8 bytes in which 0x00 is written
     * 0x00 0xFF, ended by 0x00 0x00.
     */
    public String readTerminatedUtf8() {
        int from = position;
        int zero = indexOfZero(from);
        if (zero + 1 < end && bytes[zero + 1] == 0) {
            // No 0x00 inside: the bytes are the string's as they stand.
            position = zero + 2;
            return new String(bytes, from, zero - from, StandardCharsets.UTF_8);
        }
        BytesOut utf8 = new BytesOut(zero - from + 16);
        int at = from;
        while (true) {
            zero = indexOfZero(at);
            if (zero + 1 >= end) {
                throw new IllegalStateException("read past the end of an encoded value");
            }
            utf8.writeBytes(bytes, at, zero - at);
            if (bytes[zero + 1] == 0) {
                position = zero + 2;
                return new String(utf8.toByteArray(), StandardCharsets.UTF_8);
            }
            utf8.writeByte(0);
            at = zero + 2;
        }
    }

    private int indexOfZero(int from) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        throw new IllegalStateException("read past the end of an encoded value");
    }

    private void require(int length) {
        if (end - position < length) {
            throw new IllegalStateException("read past the end of an encoded value");
        }
    }

    public int readVarInt() {
        int v = 0;
        int shift = 0;
        while (true) {
            int b = readByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
