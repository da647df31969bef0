package dev.weir.executor.state;

/** Reads what {@link BytesOut} wrote. */
public final class BytesIn {
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
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | readByte();
        }
        return v;
    }

    public int readIntBigEndian() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | readByte();
        }
        return v;
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
