package dev.weir.engine;

import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.JobCheckpoint;
import dev.weir.plan.PlanState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Takes the checkpoints of one persistent query and keeps their figures. A checkpoint that cannot
 * be written (a full disk, a failing device, a job too busy to answer in time) leaves the previous
 * one in effect: it is reported (a warning in weir.log; the failure count and message in SHOW
 * QUERIES and /metrics) and the query goes on being maintained; the next interval tries again.
 */
final class QueryCheckpointer {
    private static final Logger LOG = Logger.getLogger(QueryCheckpointer.class.getName());
    private static final long TIMEOUT_SECONDS = 60;

    private final String description;
    private final CheckpointStore checkpoints;
    private final String sql;
    private final PlanState plan;
    private volatile Figures figures;

    /**
     * What the checkpoints of one query did since the server started.
     *
     * @param written checkpoints committed
     * @param lastNumber the newest checkpoint in effect (0: none)
     * @param lastMillis how long the newest committed checkpoint took (-1: none yet)
     * @param lastBytes the size of its files (-1: none yet)
     * @param failures checkpoints that could not be written
     * @param error why the last attempt failed, while the failures go on; empty once one succeeds
     */
    record Figures(
            long written,
            long lastNumber,
            long lastMillis,
            long lastBytes,
            long failures,
            Optional<String> error) {}

    /**
     * @param description what is checkpointed, for messages: "the materialized view 'totals'"
     * @param sql the query's definition, recorded in every manifest
     * @param plan the state of its plan ({@link PlanState}), recorded too
     * @param restoredFrom the checkpoint the query was restored from, 0 for none
     */
    QueryCheckpointer(
            String description,
            CheckpointStore checkpoints,
            String sql,
            PlanState plan,
            long restoredFrom) {
        this.description = description;
        this.checkpoints = checkpoints;
        this.sql = sql;
        this.plan = plan;
        this.figures = new Figures(0, restoredFrom, -1, -1, 0, Optional.empty());
    }

    Figures figures() {
        return figures;
    }

    /**
     * Checkpoints {@code job} if it is running and can be; returns whether a checkpoint was
     * committed. Never throws for a failed checkpoint: see the class comment.
     */
    synchronized boolean checkpoint(Job job) throws InterruptedException {
        if (!job.isCheckpointable() || !job.status().equals("RUNNING")) {
            return false;
        }
        long number = checkpoints.nextNumber();
        Path building = checkpoints.inProgress(number);
        long started = System.nanoTime();
        try {
            Files.createDirectories(building);
            JobCheckpoint positions =
                    job.checkpoint(building.resolve("state"), number)
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long bytes;
            try {
                bytes = checkpoints.commit(number, sql, plan, positions);
            } catch (RuntimeException e) {
                job.checkpointAborted(number);
                throw e;
            }
            // Durable: now sources may acknowledge their positions upstream (Kafka offsets) and
            // sinks publish what they prepared with this checkpoint (a Kafka transaction). If
            // that fails, the checkpoint stays on disk, and a restart asks the sink's own record
            // which checkpoint its output reached.
            job.checkpointCompleted(number, positions).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Figures before = figures;
            figures =
                    new Figures(
                            before.written() + 1,
                            number,
                            (System.nanoTime() - started) / 1_000_000,
                            bytes,
                            before.failures(),
                            Optional.empty());
        } catch (InterruptedException e) {
            deleteQuietly(building);
            throw e;
        } catch (Exception e) {
            deleteQuietly(building);
            if (job.status().equals("CANCELLED") || job.status().equals("FINISHED")) {
                return false; // dropped, cancelled or ended meanwhile: nothing to report
            }
            // A job that failed is reported too: its state could not write the checkpoint (a
            // full disk), and the job failed so as to be restarted from the previous one.
            Throwable cause =
                    e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String why =
                    e instanceof TimeoutException
                            ? "the job did not take it within " + TIMEOUT_SECONDS + " s"
                            : String.valueOf(cause.getMessage());
            Figures before = figures;
            figures =
                    new Figures(
                            before.written(),
                            before.lastNumber(),
                            before.lastMillis(),
                            before.lastBytes(),
                            before.failures() + 1,
                            Optional.of(why));
            LOG.warning(
                    "Cannot checkpoint "
                            + description
                            + " ("
                            + building
                            + "): "
                            + (why.endsWith(".") ? why.substring(0, why.length() - 1) : why)
                            + ". The previous checkpoint"
                            + (before.lastNumber() > 0 ? " (" + before.lastNumber() + ")" : "")
                            + " stays in effect; the query goes on and the next checkpoint is"
                            + " tried at the next interval.");
            return false;
        }
        checkpoints.deleteOld();
        return true;
    }

    private static void deleteQuietly(Path building) {
        try {
            FileTrees.deleteRecursively(building);
        } catch (RuntimeException e) {
            // Left for CheckpointStore.list(), which deletes unfinished checkpoints.
        }
    }
}
