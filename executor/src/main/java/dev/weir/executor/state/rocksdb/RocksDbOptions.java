package dev.weir.executor.state.rocksdb;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The native option objects of one backend's database, made together and closed together. The
 * figures are per backend, and the server runs one backend per continuous query: they bound native
 * memory to roughly {@link #BLOCK_CACHE_BYTES} per query, whatever its number of column families.
 */
final class RocksDbOptions implements AutoCloseable {
    /** Data blocks, index and filter blocks, and (charged to it) memtables all live in this. */
    static final long BLOCK_CACHE_BYTES = 32L << 20;

    /**
     * All column families' memtables together; charged to the block cache. Without a shared budget
     * each column family (one per operator state) may hold its own 64 MiB memtables.
     */
    static final long MEMTABLE_BUDGET_BYTES = 16L << 20;

    /** One memtable's size: small enough for many column families, big enough for few L0 files. */
    static final long WRITE_BUFFER_BYTES = 8L << 20;

    final LRUCache cache;
    final WriteBufferManager writeBufferManager;
    final Filter bloomFilter;
    final ColumnFamilyOptions columnFamily;
    final DBOptions db;

    RocksDbOptions() {
        cache = new LRUCache(BLOCK_CACHE_BYTES);
        writeBufferManager = new WriteBufferManager(MEMTABLE_BUDGET_BYTES, cache);
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
                        .setWriteBufferManager(writeBufferManager)
                        // Writes skip the WAL (see RocksDbStateBackend), so on close RocksDB would
                        // flush memtables to files; a closing job does not need that (the state is
                        // either checkpointed already or about to be deleted), so close fast.
                        .setAvoidFlushDuringShutdown(true)
                        // RocksDB's own log: warnings only, and no pile of LOG.old files.
                        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                        .setKeepLogFileNum(2);
    }

    /**
     * After the database is closed: the options first, then what they point to (the filter, the
     * write buffer manager, the cache), the reverse of the order of creation.
     */
    @Override
    public void close() {
        db.close();
        columnFamily.close();
        bloomFilter.close();
        writeBufferManager.close();
        cache.close();
    }
}
