package dev.weir.executor.state.rocksdb;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.Env;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;

/**
 * The disk the RocksDB databases of one engine write their files to, as RocksDB sees it: {@link
 * #REAL}, the machine's own, or, for tests of what a full disk does to queries, one that a test
 * fills ({@link #fill}) and frees again ({@link #heal}).
 *
 * <p>The fillable disk uses RocksDB's own space limit, so the failure happens inside RocksDB, where
 * a real full disk would make it happen: each database gets an {@link SstFileManager} whose allowed
 * space is one byte while the disk is full, so the next flush or compaction that adds a file fails
 * ("Max allowed space was reached", reported like a write error of the device), and RocksDB stops
 * the database as it does on a write error: every later write fails until the database is reopened.
 * A manager per database, made and closed with it, so that a limit never outlives the databases it
 * tracked. Files that were there before the disk filled stay readable, as on a real full disk.
 *
 * <p>No RocksDB type appears in this class's public API: the engine holds one without importing
 * RocksDB (only this package may).
 */
public final class RocksDbDisk {
    /** The machine's disk, with RocksDB's defaults: no space manager at all. */
    public static final RocksDbDisk REAL = new RocksDbDisk(false);

    private final boolean fillable;
    private final Set<SstFileManager> managers = ConcurrentHashMap.newKeySet();
    private volatile boolean full;

    private RocksDbDisk(boolean fillable) {
        this.fillable = fillable;
    }

    /** A disk with room, which {@link #fill} fills: for tests. */
    public static RocksDbDisk fillable() {
        return new RocksDbDisk(true);
    }

    /** From now on no database on this disk can add a file: flushes and compactions fail. */
    public synchronized RocksDbDisk fill() {
        requireFillable();
        full = true;
        managers.forEach(m -> m.setMaxAllowedSpaceUsage(1));
        return this;
    }

    /**
     * Space freed: files can be added again. Databases that RocksDB stopped meanwhile stay stopped
     * (RocksDB's Java API cannot resume them); those opened from now on work.
     */
    public synchronized RocksDbDisk heal() {
        requireFillable();
        full = false;
        managers.forEach(m -> m.setMaxAllowedSpaceUsage(0)); // 0: no limit
        return this;
    }

    public boolean isFull() {
        return full;
    }

    private void requireFillable() {
        if (!fillable) {
            throw new IllegalStateException("The real disk cannot be filled or healed by Weir.");
        }
    }

    /**
     * The space manager of a database about to be opened, already limited if the disk is full;
     * empty on the real disk. The caller sets it in the database's options and, after closing the
     * database, hands it back to {@link #release}.
     */
    synchronized Optional<SstFileManager> manager() {
        if (!fillable) {
            return Optional.empty();
        }
        try {
            SstFileManager manager = new SstFileManager(Env.getDefault());
            manager.setMaxAllowedSpaceUsage(full ? 1 : 0);
            managers.add(manager);
            return Optional.of(manager);
        } catch (RocksDBException e) {
            throw new IllegalStateException("Cannot make RocksDB's space manager.", e);
        }
    }

    void release(SstFileManager manager) {
        managers.remove(manager);
        manager.close();
    }
}
