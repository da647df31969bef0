package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.rocksdb.RocksDbDisk;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.PlanState;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Restores a persistent query's state from its newest usable checkpoint. A damaged checkpoint (an
 * unreadable manifest, a state file whose checksums fail) or one of another definition, or whose
 * state does not fit the query's plan ({@link PlanCompatibility}), is skipped, with a warning, for
 * the one before it; with none left the query starts with empty state and rebuilds from the
 * beginning of its sources, which are kept in full. A checkpoint in a format this release does not
 * read stops the start instead: skipping it would silently throw away what a newer release wrote.
 */
final class CheckpointRestore {
    private static final Logger LOG = Logger.getLogger(CheckpointRestore.class.getName());

    private CheckpointRestore() {}

    /**
     * The state a query starts from, and the checkpoint it came from.
     *
     * @param checkpoint empty when no checkpoint could be used
     */
    record Restored(
            StateBackend state,
            Optional<CheckpointStore.Stored> checkpoint,
            Optional<CheckpointStore.Manifest> manifest) {}

    /**
     * Fills the working directory {@code working} (emptied first) from the newest usable checkpoint
     * of a query defined by {@code sql} whose plan's state is {@code plan}.
     *
     * @param description what is restored, for messages: "the materialized view 'totals'"
     * @param disk the disk RocksDB writes the working directory to
     * @throws WeirException STATE_FORMAT_UNSUPPORTED for a checkpoint of a newer (or unreadable
     *     older) format
     */
    static Restored newest(
            CheckpointStore checkpoints,
            Path working,
            String sql,
            PlanState plan,
            String description,
            RocksDbDisk disk) {
        FileTrees.deleteRecursively(working);
        for (CheckpointStore.Stored stored : checkpoints.list()) {
            try {
                CheckpointStore.Manifest manifest = CheckpointStore.read(stored);
                if (!manifest.sql().equals(sql)) {
                    skip(stored, description, "it belongs to another definition of the query.");
                    continue;
                }
                Optional<String> misfit = PlanCompatibility.problem(manifest.state(), plan);
                if (misfit.isPresent()) {
                    skip(stored, description, misfit.get());
                    continue;
                }
                StateBackend state = RocksDbStateBackend.restore(stored.state(), working, disk);
                return new Restored(state, Optional.of(stored), Optional.of(manifest));
            } catch (WeirException e) {
                if (e.code() == ErrorCode.STATE_FORMAT_UNSUPPORTED) {
                    throw e;
                }
                skip(stored, description, e.getMessage());
            } catch (RuntimeException e) {
                skip(stored, description, e + ".");
            }
            FileTrees.deleteRecursively(working);
        }
        return new Restored(
                RocksDbStateBackend.open(working, disk), Optional.empty(), Optional.empty());
    }

    private static void skip(CheckpointStore.Stored stored, String description, String why) {
        LOG.warning(
                "Skipping the checkpoint "
                        + stored.directory()
                        + " of "
                        + description
                        + ": "
                        + why
                        + " Falling back to an older one, or to rebuilding from the sources.");
    }
}
