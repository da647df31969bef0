package dev.weir.server.flink;

import dev.weir.engine.RunnerJob;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.flink.FlinkQuery;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A continuous query's Flink job: a thread of its own takes the job's changes and watermarks from
 * Flink's collect sink into the query's sink (which blocks while the client is slow), then the end
 * or the failure.
 */
final class FlinkJob implements RunnerJob {
    private static final Logger LOG = Logger.getLogger(FlinkJob.class.getName());

    private final FlinkQuery query;
    private final ResultSink sink;
    private volatile boolean cancelled;
    private volatile boolean ended;
    private final CountDownLatch exited = new CountDownLatch(1);

    FlinkJob(FlinkQuery query, ResultSink sink) {
        this.query = query;
        this.sink = sink;
    }

    void startReading(String threadName) {
        Thread reader = new Thread(this::read, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            query.forward(sink, () -> cancelled);
            if (!cancelled) {
                sink.finish();
            }
        } catch (RuntimeException | Error e) {
            if (!cancelled) {
                sink.fail(FlinkFailures.cause(e));
            }
        } finally {
            ended = true;
            sink.close();
            closeResults();
            exited.countDown();
        }
    }

    @Override
    public String runner() {
        return "flink";
    }

    @Override
    public Optional<String> jobId() {
        return Optional.of(query.jobId());
    }

    @Override
    public Optional<Job> localJob() {
        return Optional.empty();
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (ended) {
            return; // Flink's job has finished or failed: nothing to stop.
        }
        try {
            query.cancel();
        } catch (RuntimeException e) {
            // The job has ended already, or the cluster is gone: nothing is left to stop.
            LOG.log(Level.FINE, "Cancelling Flink job " + query.jobId(), e);
        }
    }

    @Override
    public boolean hasExited() {
        return exited.getCount() == 0;
    }

    /** Waits for the reader thread; Flink's job itself keeps nothing in Weir's data directory. */
    @Override
    public void awaitExit(long millis) throws InterruptedException {
        exited.await(millis, TimeUnit.MILLISECONDS);
    }

    private void closeResults() {
        try {
            query.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing the results of Flink job " + query.jobId(), e);
        }
    }
}
