package dev.weir.executor.connector.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the records {@code [length:int][crc32c:int][payload]} of one segment file from a byte
 * position up to a limit, reading the file in large chunks rather than twice per record.
 *
 * <p>In segments of format 2 the length's top bit marks the last record of an append (a batch), and
 * the checksum covers the length field as well as the payload, so a flipped marker is caught like
 * any other damage. In format 1 (segments written before the marker) every record counts as the end
 * of its batch and the checksum covers the payload only.
 */
final class RecordCursor {
    static final int HEADER = 8;
    private static final int BATCH_END = 0x8000_0000;
    private static final int CHUNK = 64 << 10;

    /** What the cursor found at its position. */
    enum Status {
        /** A whole record with a matching checksum: see {@link #payload()}. */
        RECORD,
        /** The limit, exactly at a record boundary. */
        END,
        /** Fewer bytes than the record claims, or a length no record can have. */
        TORN,
        /** A whole record whose checksum does not match. */
        BAD_CHECKSUM
    }

    private final FileChannel channel;
    private final boolean marksBatches;
    private final long limit;
    private byte[] buffer = new byte[CHUNK];
    private long bufferStart;
    private int buffered;
    private long position;
    private int payloadAt;
    private int payloadLength;
    private boolean batchEnd;

    /**
     * @param format the segment's format: 1, or 2 (batch markers, checksummed lengths)
     */
    RecordCursor(FileChannel channel, int format, long position, long limit) {
        this.channel = channel;
        this.marksBatches = format >= 2;
        this.position = position;
        this.bufferStart = position;
        this.limit = limit;
    }

    /** The start of the record {@link #advance} will look at next. */
    long position() {
        return position;
    }

    /** Looks at the record at the position; on RECORD, moves past it. */
    Status advance() throws IOException {
        long remaining = limit - position;
        if (remaining == 0) {
            return Status.END;
        }
        if (remaining < HEADER || !ensure(HEADER)) {
            return Status.TORN;
        }
        int at = (int) (position - bufferStart);
        int field = ByteBuffer.wrap(buffer, at, HEADER).getInt();
        int crc = ByteBuffer.wrap(buffer, at + 4, 4).getInt();
        int length = marksBatches ? field & ~BATCH_END : field;
        // An empty payload is no row; a zero length is what a hole of zeros looks like.
        if (length <= 0 || length > remaining - HEADER || !ensure(HEADER + length)) {
            return Status.TORN;
        }
        at = (int) (position - bufferStart);
        int expected =
                marksBatches
                        ? checksum(field, buffer, at + HEADER, length)
                        : checksum(buffer, at + HEADER, length);
        if (expected != crc) {
            payloadLength = length;
            return Status.BAD_CHECKSUM;
        }
        payloadAt = at + HEADER;
        payloadLength = length;
        batchEnd = !marksBatches || (field & BATCH_END) != 0;
        position += HEADER + length;
        return Status.RECORD;
    }

    /** Whether the current record is the last of the append that wrote it. */
    boolean batchEnd() {
        return batchEnd;
    }

    /** The length field of a format-2 record: the payload's length, marked if it ends a batch. */
    static int lengthField(int payloadLength, boolean batchEnd) {
        return batchEnd ? payloadLength | BATCH_END : payloadLength;
    }

    /** The bytes holding the current record's payload, from {@link #payloadOffset()}. */
    byte[] payload() {
        return buffer;
    }

    int payloadOffset() {
        return payloadAt;
    }

    int payloadLength() {
        return payloadLength;
    }

    /** Makes the buffer hold {@code n} bytes from the position; false if the file is shorter. */
    private boolean ensure(int n) throws IOException {
        int at = (int) (position - bufferStart);
        if (at + n <= buffered) {
            return true;
        }
        if (n > buffer.length) {
            buffer = new byte[Math.max(n, buffer.length * 2)];
        }
        // Keep nothing before the position: move the unread bytes to the front, then fill.
        int kept = Math.max(0, buffered - at);
        System.arraycopy(buffer, at, buffer, 0, kept);
        bufferStart = position;
        buffered = kept;
        int want = (int) Math.min(buffer.length, limit - position);
        ByteBuffer target = ByteBuffer.wrap(buffer, buffered, want - buffered);
        while (buffered < n) {
            int read = channel.read(target, bufferStart + buffered);
            if (read < 0) {
                return false;
            }
            buffered += read;
        }
        return true;
    }

    static int checksum(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** The checksum of a format-2 record: its length field, then its payload. */
    static int checksum(int lengthField, byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(lengthField >>> 24);
        crc.update(lengthField >>> 16);
        crc.update(lengthField >>> 8);
        crc.update(lengthField);
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
