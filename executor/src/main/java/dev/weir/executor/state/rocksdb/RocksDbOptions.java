package dev.weir.executor.state.rocksdb;

import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.SstFileManager;
import org.rocksdb.WriteBufferManager;

/**
 * The native option objects of one backend's database, made together and closed together. Every
 * backend of the process shares one block cache and one memtable budget (charged to the cache): the
 * server runs a backend per continuous query and per persistent query, and native memory stays
 * bounded by the cache's size however many there are, while one large materialized view may use all
 * of it when the others are small. Size it with the system property {@value #CACHE_PROPERTY}
 * (bytes; the server's {@code --state-cache}).
 */
final class RocksDbOptions implements AutoCloseable {
    /** The system property that sizes the shared block cache, in bytes. */
    static final String CACHE_PROPERTY = "weir.state.cache.bytes";

    /**
     * Data blocks, index and filter blocks, and (charged to it) memtables of every backend. A
     * view's working set should fit: measured with a 500,000-key view, 32 MiB gave 56,571 events/s
     * to build it and 14,000 events/s to replay after a crash (each read a cache miss); 256 MiB
     * gave 132,328 and 124,000.
     */
    static final long DEFAULT_CACHE_BYTES = 256L << 20;

    /** All memtables of all backends together; charged to the shared cache. */
    static final long MEMTABLE_BUDGET_BYTES = 64L << 20;

    /** One memtable's size: small enough for many column families, big enough for few L0 files. */
    static final long WRITE_BUFFER_BYTES = 8L << 20;

    /**
     * The size at which RocksDB starts a new MANIFEST (its log of which files make the database),
     * writing the current set of files into it and deleting the old one. Every flush and compaction
     * appends to it, and RocksDB's default limit is 1 GiB: the soak's continuous queries and
     * checkpointed views grew theirs by about 10 MB an hour each (copied, not linked, into every
     * checkpoint), most of the state it measured. A fresh MANIFEST of a query's few dozen files is
     * a few kilobytes, so starting one at each MiB costs nothing noticeable. (RocksDB also waits
     * until the MANIFEST is several times the size of a fresh one, which matters only for state of
     * thousands of files.)
     */
    static final long MANIFEST_BYTES = 1L << 20;

    /** Made on first use (after the native library is loaded) and kept for the process's life. */
    private static final class Shared {
        static final LRUCache CACHE;
        static final WriteBufferManager WRITE_BUFFERS;

        static {
            RocksDB.loadLibrary();
            CACHE = new LRUCache(Long.getLong(CACHE_PROPERTY, DEFAULT_CACHE_BYTES));
            WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BUDGET_BYTES, CACHE);
        }
    }

    final Filter bloomFilter;
    final ColumnFamilyOptions columnFamily;
    final DBOptions db;
    private final RocksDbDisk disk;
    private final Optional<SstFileManager> spaceManager;

    RocksDbOptions(RocksDbDisk disk) {
        this.disk = disk;
        LRUCache cache = Shared.CACHE;
        // Point lookups dominate (one get per input row: its group, its window): ten bits per key
        // give about 1% false positives, so a missing key rarely costs a block read.
        bloomFilter = new BloomFilter(10);
        BlockBasedTableConfig table =
                new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setFilterPolicy(bloomFilter)
                        // Index and filter blocks count against the cache, so memory stays bounded
                        // as the state grows; those of L0 stay pinned, being read the most.
                        .setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true);
        columnFamily =
                new ColumnFamilyOptions()
                        .setTableFormatConfig(table)
                        .setWriteBufferSize(WRITE_BUFFER_BYTES)
                        // State is many small values, rewritten often: LZ4 compresses them at
                        // little CPU cost, where zstd would cost more on every compaction.
                        .setCompressionType(CompressionType.LZ4_COMPRESSION);
        db =
                new DBOptions()
                        .setCreateIfMissing(true)
                        .setCreateMissingColumnFamilies(true)
                        .setWriteBufferManager(Shared.WRITE_BUFFERS)
                        // Writes skip the WAL (see RocksDbStateBackend), so on close RocksDB would
                        // flush memtables to files; a closing job does not need that (the state is
                        // either checkpointed already or about to be deleted), so close fast.
                        .setAvoidFlushDuringShutdown(true)
                        // RocksDB's own log: warnings only, and no pile of LOG.old files.
                        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                        .setKeepLogFileNum(2)
                        .setMaxManifestFileSize(MANIFEST_BYTES);
        spaceManager = disk.manager();
        spaceManager.ifPresent(db::setSstFileManager);
    }

    /**
     * After the database is closed: the options first, then the filter they point to, the reverse
     * of the order of creation, and the space manager, which the options pointed to too. The shared
     * cache and memtable budget stay for other backends.
     */
    @Override
    public void close() {
        db.close();
        columnFamily.close();
        bloomFilter.close();
        spaceManager.ifPresent(disk::release);
    }
}
