package dev.weir.flink;

import dev.weir.common.row.Change;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.flink.host.KeyedOperatorHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;

/**
 * A query running on Flink: its Flink job id, its results as they come, its end. Results reach the
 * iterator as Flink's checkpoints complete (Flink's collect sink is exactly-once that way), so a
 * restart from a checkpoint never repeats or loses one.
 */
public final class FlinkQuery implements AutoCloseable {
    private final JobClient job;
    private final CloseableIterator<Either<Change, Long>> results;

    FlinkQuery(JobClient job, CloseableIterator<Either<Change, Long>> results) {
        this.job = job;
        this.results = results;
    }

    /** Flink's id of the job: what Flink's web UI and REST API show. */
    public String jobId() {
        return job.getJobID().toHexString();
    }

    /**
     * Hands the result to {@code sink} as it comes, in order: each change to {@link
     * ResultSink#accept}, each advance of the result's watermark to {@link ResultSink#watermark}.
     * Blocks for the next one; returns when the result ends (the job finished) or, after a change
     * or a watermark, when {@code stop} says so. The sink is neither finished nor closed here.
     */
    public void forward(ResultSink sink, BooleanSupplier stop) {
        while (!stop.getAsBoolean() && results.hasNext()) {
            Either<Change, Long> next = results.next();
            if (next.isLeft()) {
                sink.accept(next.left());
            } else {
                sink.watermark(next.right());
            }
        }
    }

    /** Every change of a bounded query, once the job has finished (watermarks left out). */
    public List<Change> awaitAll(long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<List<Change>> all =
                CompletableFuture.supplyAsync(
                        () -> {
                            List<Change> changes = new ArrayList<>();
                            results.forEachRemaining(
                                    next -> {
                                        if (next.isLeft()) {
                                            changes.add(next.left());
                                        }
                                    });
                            return changes;
                        });
        try {
            return all.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cancel();
            throw e;
        }
    }

    /** How many late rows node {@code nodeId} dropped, summed over its instances. */
    public long lateRowsDropped(int nodeId, long timeoutMillis)
            throws InterruptedException, ExecutionException, TimeoutException {
        JobExecutionResult result =
                job.getJobExecutionResult().get(timeoutMillis, TimeUnit.MILLISECONDS);
        Object late = result.getAccumulatorResult(KeyedOperatorHost.lateRowsAccumulator(nodeId));
        return late == null ? 0 : ((Number) late).longValue();
    }

    /** Cancels the Flink job. */
    public void cancel() {
        job.cancel();
    }

    @Override
    public void close() throws Exception {
        results.close();
    }
}
