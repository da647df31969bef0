package dev.weir.executor.state;

import java.util.Arrays;

/** A growable byte buffer that codecs write into. Reused across writes; not thread-safe. */
public final class BytesOut {
    private byte[] buffer;
    private int size;

    public BytesOut() {
        this(64);
    }

    public BytesOut(int initialCapacity) {
        buffer = new byte[Math.max(initialCapacity, 8)];
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    public void writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    public void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    public void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Big-endian, so that unsigned byte order is numeric order for non-negative values. */
    public void writeLongBigEndian(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (v >>> shift);
        }
    }

    public void writeIntBigEndian(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (v >>> shift);
        }
    }

    /** Unsigned LEB128: small non-negative numbers in one byte. Not order-preserving. */
    public void writeVarInt(int v) {
        while ((v & ~0x7F) != 0) {
            writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        writeByte(v);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
