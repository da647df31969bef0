package dev.weir.engine;

import dev.weir.executor.runtime.Job;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a persistent query (a materialized view's, an INSERT ... SELECT) recovered when the server
 * started, and how its checkpoints go: for SHOW QUERIES and /metrics.
 *
 * @param queryId e.g. {@code mv_totals}, {@code insert_1}
 * @param restoreMillis how long restoring its state took on start (reading the newest usable
 *     checkpoint, verifying and loading it); empty for a query created since the start
 * @param restoredFrom the checkpoint restored from; empty when there was none to use (the query
 *     rebuilt from the beginning of its sources) or no restore at all
 * @param catchUpMillis from the start of its job until it first found nothing more to read; empty
 *     while it is still catching up
 * @param catchUpRows the rows it read meanwhile: after a restart, the events it replayed from the
 *     checkpoint's positions (plus any that arrived during the replay)
 * @param checkpoints checkpoints written since the start
 * @param checkpointMillis how long the newest of them took
 * @param checkpointBytes the size of its files (RocksDB's shared files counted in full)
 * @param checkpointFailures checkpoints that could not be written since the start
 * @param checkpointError why the last one failed, while checkpoints keep failing
 */
public record DurabilityFigures(
        String queryId,
        OptionalLong restoreMillis,
        OptionalLong restoredFrom,
        OptionalLong catchUpMillis,
        OptionalLong catchUpRows,
        long checkpoints,
        OptionalLong checkpointMillis,
        OptionalLong checkpointBytes,
        long checkpointFailures,
        Optional<String> checkpointError) {

    /** How a query was started on this server start: restored, or created since. */
    record Start(OptionalLong restoreMillis, OptionalLong restoredFrom) {
        static final Start CREATED = new Start(OptionalLong.empty(), OptionalLong.empty());

        /**
         * @param millis the whole restore: the checkpoint's files, and loading what readers need of
         *     them
         */
        static Start restored(CheckpointRestore.Restored restored, long millis) {
            return new Start(
                    OptionalLong.of(millis),
                    restored.checkpoint()
                            .map(c -> OptionalLong.of(c.number()))
                            .orElse(OptionalLong.empty()));
        }
    }

    static DurabilityFigures of(
            String queryId, Start start, Job job, Optional<QueryCheckpointer> checkpointer) {
        return of(queryId, start, Optional.of(job), checkpointer);
    }

    /**
     * @param job the local runner's job; empty for a query on another runner (Flink), whose
     *     catch-up and checkpoints are the runner's (its REST API has them)
     */
    static DurabilityFigures of(
            String queryId,
            Start start,
            Optional<Job> job,
            Optional<QueryCheckpointer> checkpointer) {
        Job.CatchUp caughtUp =
                job.isPresent()
                                && job.get().caughtUp().isDone()
                                && !job.get().caughtUp().isCompletedExceptionally()
                        ? job.get().caughtUp().join()
                        : null;
        QueryCheckpointer.Figures c = checkpointer.map(QueryCheckpointer::figures).orElse(null);
        return new DurabilityFigures(
                queryId,
                start.restoreMillis(),
                start.restoredFrom(),
                caughtUp == null ? OptionalLong.empty() : OptionalLong.of(caughtUp.millis()),
                caughtUp == null ? OptionalLong.empty() : OptionalLong.of(caughtUp.rows()),
                c == null ? 0 : c.written(),
                c == null || c.lastMillis() < 0
                        ? OptionalLong.empty()
                        : OptionalLong.of(c.lastMillis()),
                c == null || c.lastBytes() < 0
                        ? OptionalLong.empty()
                        : OptionalLong.of(c.lastBytes()),
                c == null ? 0 : c.failures(),
                c == null ? Optional.empty() : c.error());
    }
}
