package dev.weir.executor.state.rocksdb;

import java.util.Collection;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyMetaData;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Keeps a column family from piling up small SST files. State whose keys only grow (a view with a
 * row per window, a window operator's state by window end) gets one small file per flush, every
 * flush's keys after the last one's: RocksDB moves such a file down to the last level without
 * merging it (a trivial move), and its levels are sized by bytes, so a few megabytes never trigger
 * a compaction. Every file stays open and is hard-linked into every checkpoint: the soak found a
 * view with 350 files of 1.4 KB after an hour. After a flush, a column family with more files than
 * its data needs is compacted whole, into as few files as its size needs.
 */
final class SmallFileCompaction {
    /** Files a column family may have beyond those its size needs. */
    static final int SPARE_FILES = 16;

    /**
     * The size of a file a compaction writes (RocksDB's {@code target_file_size_base}, 64 MiB); a
     * column family of N such sizes needs about N files.
     */
    static final long FILE_BYTES = 64L << 20;

    private SmallFileCompaction() {}

    /** The most files a column family of {@code bytes} keeps before it is compacted. */
    static long fileLimit(long bytes) {
        // Twice the files its size needs: a large family is not rewritten for a few small files.
        return SPARE_FILES + 2 * (bytes / FILE_BYTES);
    }

    /**
     * Compacts every family of {@code families} with more files than {@link #fileLimit}, down to
     * the last level included (where the trivially moved files sit: RocksDB's default skips it).
     *
     * @return how many families were compacted
     */
    static int compactIfFragmented(RocksDB db, Collection<ColumnFamilyHandle> families)
            throws RocksDBException {
        int compacted = 0;
        for (ColumnFamilyHandle family : families) {
            ColumnFamilyMetaData meta = db.getColumnFamilyMetaData(family);
            if (meta.fileCount() <= fileLimit(meta.size())) {
                continue;
            }
            try (CompactRangeOptions options =
                    new CompactRangeOptions()
                            .setBottommostLevelCompaction(
                                    CompactRangeOptions.BottommostLevelCompaction.kForce)) {
                db.compactRange(family, null, null, options);
            }
            compacted++;
        }
        return compacted;
    }
}
