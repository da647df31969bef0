package dev.weir.executor.connector.log;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.state.BytesIn;
import dev.weir.executor.state.BytesOut;
import dev.weir.executor.state.RowCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The events of one internal stream: an append-only file of records {@code [length][crc32c][row]}
 * in a directory of the data directory. One writer, any number of readers; a reader sees only what
 * was appended completely (and, under {@link FsyncPolicy#ALWAYS}, made durable).
 *
 * <p>On open, a torn last record (a crash in the middle of an append) is cut off and reported; a
 * damaged record with data after it is corruption, and opening fails with the file and offset.
 */
public final class StreamLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamLog.class.getName());
    private static final int HEADER = 8;
    static final String FILE = "events.log";

    private final Path file;
    private final FileChannel channel;
    private final FsyncPolicy fsync;
    private volatile long end;
    private long count;

    private StreamLog(Path file, FileChannel channel, FsyncPolicy fsync, long end, long count) {
        this.file = file;
        this.channel = channel;
        this.fsync = fsync;
        this.end = end;
        this.count = count;
    }

    public static StreamLog open(Path directory, FsyncPolicy fsync) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(FILE);
            FileChannel channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            long[] valid = scan(file, channel);
            if (valid[0] < channel.size()) {
                LOG.warning(
                        "Stream log "
                                + file
                                + ": cut off a torn last record at byte "
                                + valid[0]
                                + " ("
                                + (channel.size() - valid[0])
                                + " bytes); it was never acknowledged.");
                channel.truncate(valid[0]);
                channel.force(true);
            }
            return new StreamLog(file, channel, fsync, valid[0], valid[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open stream log in " + directory, e);
        }
    }

    /** Scans the file; returns {end of the last good record, number of records}. */
    private static long[] scan(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        long position = 0;
        long records = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        while (position + HEADER <= size) {
            header.clear();
            channel.read(header, position);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 0 || position + HEADER + length > size) {
                break; // torn: the rest of the record never made it
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            channel.read(payload, position + HEADER);
            if (crc(payload.array()) != crc) {
                if (position + HEADER + length < size) {
                    throw new WeirException(
                            ErrorCode.STATE_CORRUPTED,
                            Optional.empty(),
                            "The stream log '"
                                    + file
                                    + "' is damaged at byte "
                                    + position
                                    + " (checksum mismatch) with data after it. Restore the file from"
                                    + " a backup, or move it aside to drop the stream's events.");
                }
                break; // a torn last record
            }
            position += HEADER + length;
            records++;
        }
        return new long[] {position, records};
    }

    private static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** Appends rows; returns once they are written (and fsynced, under ALWAYS). */
    public synchronized void append(List<Row> rows) {
        BytesOut payload = new BytesOut(256);
        ByteBuffer batch = ByteBuffer.allocate(Math.max(1024, rows.size() * 64));
        for (Row row : rows) {
            payload.reset();
            RowCodec.INSTANCE.encode(row, payload);
            byte[] bytes = payload.toByteArray();
            if (batch.remaining() < HEADER + bytes.length) {
                ByteBuffer bigger =
                        ByteBuffer.allocate(
                                Math.max(
                                        batch.capacity() * 2,
                                        batch.position() + HEADER + bytes.length));
                batch.flip();
                bigger.put(batch);
                batch = bigger;
            }
            batch.putInt(bytes.length).putInt(crc(bytes)).put(bytes);
        }
        batch.flip();
        try {
            long position = end;
            while (batch.hasRemaining()) {
                position += channel.write(batch, position);
            }
            if (fsync == FsyncPolicy.ALWAYS) {
                channel.force(false);
            }
            end = position;
            count += rows.size();
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.DISK_FULL,
                    Optional.empty(),
                    "Cannot append to the stream log '"
                            + file
                            + "': "
                            + e.getMessage()
                            + ". Nothing of this INSERT was acknowledged.",
                    e);
        }
    }

    /** Bytes of complete records. */
    public long end() {
        return end;
    }

    public synchronized long count() {
        return count;
    }

    /**
     * Reads the records in {@code [from, to)} bytes, at most {@code max} rows; see {@link Batch}.
     */
    public Batch read(long from, long to, int max) {
        List<Row> rows = new ArrayList<>();
        long position = from;
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (position + HEADER <= to && rows.size() < max) {
                header.clear();
                channel.read(header, position);
                header.flip();
                int length = header.getInt();
                header.getInt();
                ByteBuffer payload = ByteBuffer.allocate(length);
                channel.read(payload, position + HEADER);
                rows.add(RowCodec.INSTANCE.decode(new BytesIn(payload.array())));
                position += HEADER + length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stream log " + file, e);
        }
        return new Batch(rows, position);
    }

    /** Rows read and the byte offset after them. */
    public record Batch(List<Row> rows, long next) {}

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warning("closing " + file + ": " + e.getMessage());
        }
    }

    /** Deletes the log's directory. */
    public static void delete(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete stream log " + directory, e);
        }
    }
}
