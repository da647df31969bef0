package dev.weir.executor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A disk that fills up or fails on demand, for the tests of code that must survive it: files open
 * as on {@link DurableFiles#DISK}, but writes stop with "No space left on device" once a byte
 * budget is spent (the write that crosses it writes part of its bytes first, as a real full disk
 * does), and syncs or truncations can be made to fail. Only files matching a filter are affected.
 */
public final class FailingDisk implements DurableFiles {
    public static final String NO_SPACE = "No space left on device";
    public static final String IO_ERROR = "Input/output error";

    private final AtomicLong writable = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean syncsFail;
    private volatile boolean truncatesFail;
    private volatile Predicate<Path> affected = file -> true;
    private final AtomicInteger failures = new AtomicInteger();

    /** Lets only {@code bytes} more be written, then fills up. */
    public FailingDisk fillUpAfter(long bytes) {
        writable.set(bytes);
        return this;
    }

    /** Makes every sync of a file fail, as a failing device does. */
    public FailingDisk failSyncs() {
        syncsFail = true;
        return this;
    }

    /** Makes every truncation fail, so that a failed write cannot be undone either. */
    public FailingDisk failTruncates() {
        truncatesFail = true;
        return this;
    }

    /** Limits the failures to files for which {@code filter} holds. */
    public FailingDisk only(Predicate<Path> filter) {
        affected = filter;
        return this;
    }

    /** Space freed, device replaced: everything works again. */
    public FailingDisk heal() {
        writable.set(Long.MAX_VALUE);
        syncsFail = false;
        truncatesFail = false;
        return this;
    }

    /** How many operations failed so far. */
    public int failures() {
        return failures.get();
    }

    @Override
    public FileChannel open(Path file) throws IOException {
        return new Channel(DISK.open(file), file);
    }

    private final class Channel extends FileChannel {
        private final FileChannel delegate;
        private final Path file;

        Channel(FileChannel delegate, Path file) {
            this.delegate = delegate;
            this.file = file;
        }

        private IOException fail(String message) {
            failures.incrementAndGet();
            return new IOException(message);
        }

        /** How many of {@code wanted} bytes may be written now; throws when the disk is full. */
        private int allowance(int wanted) throws IOException {
            if (!affected.test(file) || wanted == 0) {
                return wanted;
            }
            while (true) {
                long left = writable.get();
                if (left == Long.MAX_VALUE) {
                    return wanted;
                }
                if (left == 0) {
                    throw fail(NO_SPACE);
                }
                int granted = (int) Math.min(left, wanted);
                if (writable.compareAndSet(left, left - granted)) {
                    return granted;
                }
            }
        }

        private int limitedWrite(ByteBuffer src, long position) throws IOException {
            int granted = allowance(src.remaining());
            ByteBuffer part = src.slice().limit(granted);
            int written = position < 0 ? delegate.write(part) : delegate.write(part, position);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return limitedWrite(src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return limitedWrite(src, -1);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += limitedWrite(srcs[i], -1);
            }
            return total;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (syncsFail && affected.test(file)) {
                throw fail(IO_ERROR);
            }
            delegate.force(metaData);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (truncatesFail && affected.test(file)) {
                throw fail(IO_ERROR);
            }
            delegate.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target)
                throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count)
                throws IOException {
            throw new IOException("transferFrom would bypass the disk's budget");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
