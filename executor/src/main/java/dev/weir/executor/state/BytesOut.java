package dev.weir.executor.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that codecs write into. Reused across writes; not thread-safe. */
public final class BytesOut {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

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
        LONGS.set(buffer, size, v);
        size += 8;
    }

    public void writeIntBigEndian(int v) {
        ensure(4);
        INTS.set(buffer, size, v);
        size += 4;
    }

    /**
     * Writes {@code s} as UTF-8 with 0x00 written as 0x00 0xFF, ended by 0x00 0x00: both keep the
     * byte order of the UTF-8 bytes, and the end is unambiguous.
     */
    public void writeTerminatedUtf8(String s) {
        int length = s.length();
        ensure(length + 2);
        int from = size;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c == 0 || c >= 0x80) {
                // Not plain ASCII without NUL: encode the whole string the general way.
                size = from;
                writeTerminatedUtf8Escaped(s);
                return;
            }
            buffer[size++] = (byte) c;
        }
        buffer[size++] = 0;
        buffer[size++] = 0;
    }

    private void writeTerminatedUtf8Escaped(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int zeros = 0;
        for (byte b : utf8) {
            if (b == 0) {
                zeros++;
            }
        }
        ensure(utf8.length + zeros + 2); // each 0x00 takes two bytes
        for (byte b : utf8) {
            if (b == 0) {
                buffer[size++] = 0;
                buffer[size++] = (byte) 0xFF;
            } else {
                buffer[size++] = b;
            }
        }
        buffer[size++] = 0;
        buffer[size++] = 0;
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
