package dev.weir.executor.connector.log;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.state.BytesOut;
import dev.weir.executor.state.RowCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;

/**
 * The events of one internal stream: an append-only, replayable log in a directory of segment files
 * ({@code 00000000000000000000.log}, named by their first offset) of records {@code
 * [length][crc32c][row]}. Offsets count records from 0 and are never reused.
 *
 * <p>One writer ({@link #append} is synchronized), any number of concurrent readers; a reader sees
 * a record only once it is wholly written (and, under {@link FsyncPolicy#ALWAYS}, durable), and can
 * tail the log: {@link #awaitAppend} wakes it when records arrive.
 *
 * <p>On open, every segment is checked. A torn tail of the last segment (a crash in the middle of
 * an append, never acknowledged) is cut off back to the end of the last whole append, so that an
 * append is kept whole or not at all, and reported ({@link #truncatedBytes()}); anything else that
 * does not check out is damage, and opening fails naming the file and byte.
 *
 * <p>An append that cannot be written or synced (a full disk, a failing device) fails with {@code
 * DISK_FULL} and is undone: its bytes are cut off again, so it is never acknowledged, never read,
 * and the next append follows the last good one. Should even the undoing fail, the log takes no
 * more appends until it is opened again, when the torn-tail rule settles what is on disk.
 */
public final class StreamLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamLog.class.getName());

    /** The single file of logs written before segments; adopted as the first segment. */
    private static final String LEGACY_FILE = "events.log";

    private final Path directory;
    private final LogConfig config;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final long truncatedBytes;
    private final Object appended = new Object();

    /** Tailing readers' jobs, woken after each append. */
    private final Set<Runnable> appendListeners = ConcurrentHashMap.newKeySet();

    private final ScheduledFuture<?> flusher;
    private volatile LogSegment active;
    private volatile long startOffset;
    private volatile long end;
    private volatile boolean closed;
    private boolean dirty;

    /** Why appends are refused: an append failed and could not be undone. */
    private String broken;

    private StreamLog(
            Path directory,
            LogConfig config,
            ConcurrentSkipListMap<Long, LogSegment> segments,
            long truncatedBytes) {
        this.directory = directory;
        this.config = config;
        this.segments = segments;
        this.truncatedBytes = truncatedBytes;
        this.active = segments.lastEntry().getValue();
        this.startOffset = segments.firstKey();
        this.end = active.endOffset();
        this.flusher =
                config.fsync() == FsyncPolicy.INTERVAL
                        ? LogFlusher.schedule(this::flushIfDirty, config.fsyncIntervalMillis())
                        : null;
    }

    public static StreamLog open(Path directory, FsyncPolicy fsync) {
        return open(directory, LogConfig.of(fsync));
    }

    public static StreamLog open(Path directory, LogConfig config) {
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        try {
            Files.createDirectories(directory);
            adoptLegacyFile(directory);
            for (long base : segmentOffsets(directory)) {
                segments.put(
                        base,
                        LogSegment.open(config.files(), directory.resolve(fileName(base)), base));
            }
            if (segments.isEmpty()) {
                segments.put(
                        0L, LogSegment.open(config.files(), directory.resolve(fileName(0)), 0));
                DurableFiles.syncDirectory(directory);
            }
            long truncated = recover(segments);
            return new StreamLog(directory, config, segments, truncated);
        } catch (IOException e) {
            closeAll(segments);
            throw new UncheckedIOException("cannot open stream log in " + directory, e);
        } catch (RuntimeException e) {
            closeAll(segments);
            throw e;
        }
    }

    private static String fileName(long base) {
        return LogSegment.fileName(base);
    }

    private static void adoptLegacyFile(Path directory) throws IOException {
        Path legacy = directory.resolve(LEGACY_FILE);
        if (Files.exists(legacy) && segmentOffsets(directory).isEmpty()) {
            Files.move(legacy, directory.resolve(fileName(0)));
        }
    }

    private static List<Long> segmentOffsets(Path directory) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                long base = LogSegment.baseOffsetOf(file.getFileName().toString());
                if (base >= 0) {
                    offsets.add(base);
                }
            }
        }
        offsets.sort(null);
        return offsets;
    }

    /**
     * Checks every segment; cuts a torn tail off the last, back to its last whole append. Returns
     * the bytes cut.
     */
    private static long recover(ConcurrentSkipListMap<Long, LogSegment> segments)
            throws IOException {
        long expectedBase = -1;
        LogSegment last = segments.lastEntry().getValue();
        for (LogSegment segment : segments.values()) {
            if (expectedBase >= 0 && segment.baseOffset != expectedBase) {
                throw damaged(
                        segment.file,
                        0,
                        "it starts at offset "
                                + segment.baseOffset
                                + " but the segment before it ends at offset "
                                + expectedBase);
            }
            LogSegment.Recovery recovery = segment.recover();
            if (!recovery.clean()) {
                boolean torn =
                        segment == last
                                && (recovery.stoppedAt() == RecordCursor.Status.TORN
                                        || recovery.badIsLastRecord()
                                        || recovery.endsInsideAnAppend());
                if (!torn) {
                    throw recovery.endsInsideAnAppend()
                            ? damaged(
                                    segment.file,
                                    recovery.fileSize(),
                                    "it ends in the middle of an append")
                            : damaged(
                                    segment.file, recovery.recordsEnd(), recovery.stoppedAt() + "");
                }
                long cut = recovery.fileSize() - recovery.validEnd();
                LOG.warning(
                        "Stream log segment "
                                + segment.file
                                + ": cut off a torn last append at byte "
                                + recovery.validEnd()
                                + " ("
                                + cut
                                + " bytes); it was never acknowledged.");
                segment.truncate(recovery.validEnd());
                return cut;
            }
            expectedBase = segment.endOffset();
        }
        return 0;
    }

    private static WeirException damaged(Path file, long position, String what) {
        return new WeirException(
                ErrorCode.STATE_CORRUPTED,
                Optional.empty(),
                "The stream log segment '"
                        + file
                        + "' is damaged at byte "
                        + position
                        + " ("
                        + what.toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "). Restore the directory from a backup, or move it aside to drop the"
                        + " stream's events.");
    }

    /**
     * Appends rows as consecutive records; returns their offsets once they are written and as
     * durable as the fsync policy makes them. A batch goes into one segment; a new one is started
     * first if the batch would take the current one past the segment size.
     */
    public synchronized OffsetRange append(List<Row> rows) {
        checkOpen();
        if (broken != null) {
            throw new WeirException(
                    ErrorCode.DISK_FULL,
                    Optional.empty(),
                    "The stream log in '"
                            + directory
                            + "' takes no appends: "
                            + broken
                            + " Nothing of this INSERT was stored. Free disk space (or fix the"
                            + " file system) and restart the server.");
        }
        if (rows.isEmpty()) {
            return new OffsetRange(end, end);
        }
        int[] starts = new int[rows.size()];
        ByteBuffer batch = frame(rows, starts);
        LogSegment segment = active;
        try {
            if (segment.format() != LogSegment.FORMAT
                    || segment.size() > LogSegment.FILE_HEADER
                            && segment.size() + batch.remaining() > config.segmentBytes()) {
                segment = roll();
            }
        } catch (IOException e) {
            throw Errors.cannotWrite(
                    "a new segment of the stream log in '" + directory + "'",
                    "Nothing of this INSERT was stored.",
                    e);
        }
        long sizeBefore = segment.size();
        long endBefore = segment.endOffset();
        try {
            segment.write(batch, starts, rows.size());
            if (config.fsync() == FsyncPolicy.ALWAYS) {
                segment.force();
            } else {
                dirty = true;
            }
        } catch (IOException e) {
            undo(segment, sizeBefore, endBefore, e);
            throw Errors.cannotWrite(
                    "the stream log segment '" + segment.file + "'",
                    "Nothing of this INSERT was stored.",
                    e);
        }
        long first = end;
        end = segment.endOffset();
        synchronized (appended) {
            appended.notifyAll();
        }
        for (Runnable listener : appendListeners) {
            listener.run();
        }
        return new OffsetRange(first, end);
    }

    /**
     * Cuts a failed append's bytes off again, so that the next append follows the last good one and
     * no reader ever sees rows whose INSERT failed.
     */
    private void undo(LogSegment segment, long size, long endOffset, IOException cause) {
        try {
            segment.rollBack(size, endOffset);
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken =
                    "an append failed ("
                            + cause.getMessage()
                            + ") and cutting it off the segment '"
                            + segment.file
                            + "' failed too ("
                            + e.getMessage()
                            + ").";
            LOG.severe("Stream log in " + directory + ": " + broken);
        }
    }

    /**
     * Checks that a reader may resume at {@code offset}, recorded by a checkpoint: the log must
     * still hold every record before it. A log that ends before is missing records it once had and
     * acknowledged (a segment cut short or deleted by hand, or, under {@code --fsync never}, a
     * machine crash), and the checkpoint's state counts rows the log no longer has.
     *
     * @throws WeirException STATE_CORRUPTED naming the log and both offsets
     */
    public void checkResumableAt(long offset) {
        if (offset > end) {
            throw new WeirException(
                    ErrorCode.STATE_CORRUPTED,
                    Optional.empty(),
                    "A checkpoint resumes reading the stream log in '"
                            + directory
                            + "' at offset "
                            + offset
                            + ", but the log ends at offset "
                            + end
                            + " (its last segment is '"
                            + active.file
                            + "'): events it held are missing, so what was computed from them"
                            + " cannot be checked. Restore the directory from a backup; or, to"
                            + " accept the loss, drop the queries reading it and create them"
                            + " again.");
        }
    }

    /** Frames rows as format-2 records, the last marked as the end of the batch. */
    private static ByteBuffer frame(List<Row> rows, int[] starts) {
        BytesOut payload = new BytesOut(256);
        ByteBuffer batch = ByteBuffer.allocate(Math.max(1024, rows.size() * 64));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.arity() == 0) {
                throw new IllegalArgumentException("a stream row has at least one field");
            }
            payload.reset();
            RowCodec.INSTANCE.encode(row, payload);
            byte[] bytes = payload.toByteArray();
            int need = RecordCursor.HEADER + bytes.length;
            if (batch.remaining() < need) {
                ByteBuffer bigger =
                        ByteBuffer.allocate(
                                Math.max(batch.capacity() * 2, batch.position() + need));
                batch.flip();
                bigger.put(batch);
                batch = bigger;
            }
            starts[i] = batch.position();
            int length = RecordCursor.lengthField(bytes.length, i == rows.size() - 1);
            batch.putInt(length)
                    .putInt(RecordCursor.checksum(length, bytes, 0, bytes.length))
                    .put(bytes);
        }
        return batch.flip();
    }

    /**
     * Seals the active segment (always fsynced, so only the last can ever be torn) and starts the
     * next, whose name is synced into the directory before anything is written to it.
     */
    private LogSegment roll() throws IOException {
        active.force();
        long base = active.endOffset();
        Path file = directory.resolve(fileName(base));
        LogSegment next = null;
        try {
            next = LogSegment.open(config.files(), file, base);
            DurableFiles.syncDirectory(directory);
        } catch (IOException e) {
            // A segment file left behind would sit after records appended to the active
            // segment meanwhile, and the next open would take it for damage.
            try {
                if (next != null) {
                    next.close();
                }
                Files.deleteIfExists(file);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        segments.put(base, next);
        active = next;
        return next;
    }

    private void flushIfDirty() {
        synchronized (this) {
            if (!dirty || closed) {
                return;
            }
            try {
                active.force();
                dirty = false;
            } catch (IOException e) {
                LOG.warning("Background fsync of " + directory + " failed: " + e.getMessage());
            }
        }
    }

    /** The offset the next appended record will get: one past the last readable one. */
    public long end() {
        return end;
    }

    /** The first offset still kept (retention deletes whole segments before it). */
    public long startOffset() {
        return startOffset;
    }

    /** Records kept. */
    public long count() {
        return end - startOffset;
    }

    /** Bytes of a torn tail cut off when this log was opened (0 after a clean shutdown). */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    public int segmentCount() {
        return segments.size();
    }

    /**
     * Reads the records in {@code [from, to)}, at most {@code max} rows, stopping at the current
     * end; see {@link Batch}. Safe to call from any thread, concurrently with appends.
     */
    public Batch read(long from, long to, int max) {
        long limit = Math.min(to, end);
        if (from < startOffset) {
            throw new WeirException(
                    ErrorCode.CONNECTOR_ERROR,
                    Optional.empty(),
                    "Offset "
                            + from
                            + " of the stream log in '"
                            + directory
                            + "' was deleted by retention; the log starts at offset "
                            + startOffset
                            + ".");
        }
        List<Row> rows = new ArrayList<>();
        long next = from;
        while (next < limit && rows.size() < max) {
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(next);
            if (entry == null) {
                return read(next, to, max); // retention moved the start: report it
            }
            LogSegment segment = entry.getValue();
            long segmentEnd = Math.min(limit, segment.endOffset());
            try {
                next = segment.read(next, segmentEnd, max, rows);
            } catch (LogSegment.LogDamage e) {
                throw damaged(e.file, e.position, "a record does not check out");
            } catch (ClosedChannelException e) {
                if (closed) {
                    throw new IllegalStateException(
                            "the stream log in " + directory + " is closed");
                }
                return read(next, to, max); // deleted by retention meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stream log " + segment.file, e);
            }
        }
        return new Batch(rows, next);
    }

    /** Rows read and the offset after them. */
    public record Batch(List<Row> rows, long next) {}

    /**
     * Waits until the log ends past {@code offset} (a record at {@code offset} exists), at most
     * {@code timeoutMillis}; returns the end. For a tailing reader that has caught up.
     */
    public long awaitAppend(long offset, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (appended) {
            while (end <= offset && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                appended.wait(Math.max(1, left / 1_000_000));
            }
        }
        return end;
    }

    /** Calls {@code listener} after every append, until removed. */
    void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    /** A reader of {@code [from, bound)}; {@code Long.MAX_VALUE} as bound tails the log. */
    public LogReader reader(long from, long bound) {
        return new LogReader(this, from, bound);
    }

    /**
     * Retention: deletes every segment all of whose records come before {@code offset}. The segment
     * being written is never deleted. Returns the new first offset kept.
     */
    public synchronized long deleteBefore(long offset) {
        checkOpen();
        for (Map.Entry<Long, LogSegment> entry : segments.entrySet()) {
            LogSegment segment = entry.getValue();
            if (segment == active || segment.endOffset() > offset) {
                break;
            }
            segments.remove(entry.getKey());
            startOffset = segments.firstKey();
            try {
                segment.close();
                Files.deleteIfExists(segment.file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + segment.file, e);
            }
        }
        return startOffset;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the stream log in " + directory + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (flusher != null) {
            flusher.cancel(false);
        }
        try {
            if (dirty && config.fsync() == FsyncPolicy.INTERVAL) {
                active.force();
            }
        } catch (IOException e) {
            LOG.warning("Final fsync of " + directory + " failed: " + e.getMessage());
        }
        closed = true;
        closeAll(segments);
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    private static void closeAll(Map<Long, LogSegment> segments) {
        for (LogSegment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                LOG.warning("closing " + segment.file + ": " + e.getMessage());
            }
        }
    }

    /** Deletes the log's directory and everything in it. */
    public static void delete(Path directory) {
        try {
            if (!Files.exists(directory)) {
                return;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete stream log " + directory, e);
        }
    }
}
