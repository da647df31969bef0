package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.runtime.Job;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running stream realization as its reader sees it: a bounded queue of result rows fed by the
 * query's job. When the reader is slow the queue fills and the job waits: a slow client slows only
 * its own query.
 */
public final class ContinuousQuery {
    private static final Object[] END = new Object[0];

    private final String id;
    private final String sql;
    private final List<ResultColumn> columns;
    private final Optional<String> owner;
    private final BlockingQueue<Object[]> queue;
    private volatile RunnerJob job;
    private volatile boolean done;
    private volatile boolean cancelled;
    private volatile Throwable failure;

    /**
     * @param owner the user who started it, who may cancel it; empty when nobody logged in
     */
    ContinuousQuery(
            String id,
            String sql,
            List<ResultColumn> columns,
            Optional<String> owner,
            int capacity) {
        this.id = id;
        this.sql = sql;
        this.columns = List.copyOf(columns);
        this.owner = owner;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** The query's job, once its runner started it; cancelled at once if the query already is. */
    void attach(RunnerJob job) {
        this.job = job;
        if (cancelled) {
            job.cancel();
        }
    }

    public String id() {
        return id;
    }

    public String sql() {
        return sql;
    }

    public List<ResultColumn> columns() {
        return columns;
    }

    /** The user who started it; empty when the server takes no users. */
    public Optional<String> owner() {
        return owner;
    }

    /** The local runner's job (its figures); empty on another runner or before it started. */
    public Optional<Job> job() {
        RunnerJob j = job;
        return j == null ? Optional.empty() : j.localJob();
    }

    /** Where the query runs: {@code local} or {@code flink}. */
    public String runner() {
        RunnerJob j = job;
        return j == null ? "local" : j.runner();
    }

    /** The runner's id of the query's job (Flink's job id); empty on the local runner. */
    public Optional<String> runnerJobId() {
        RunnerJob j = job;
        return j == null ? Optional.empty() : j.jobId();
    }

    /**
     * The next row, waiting up to {@code timeout}; empty if none came in time or the query has
     * ended ({@link #isDone()} tells which). Throws the query's failure, if it failed.
     */
    public Optional<Object[]> next(long timeout, TimeUnit unit) throws InterruptedException {
        if (done && queue.isEmpty()) {
            throwFailure();
            return Optional.empty();
        }
        Object[] row = queue.poll(timeout, unit);
        if (row == END) {
            done = true;
            throwFailure();
            return Optional.empty();
        }
        return Optional.ofNullable(row);
    }

    /** Whether every row has been read and none will come. */
    public boolean isDone() {
        return done && queue.isEmpty();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Stops the query and wakes its reader. */
    public void cancel() {
        cancelled = true;
        RunnerJob j = job;
        if (j != null) {
            j.cancel();
        }
        done = true;
        queue.clear();
        queue.offer(END);
    }

    /**
     * Whether the query's job has let go of what it held; a query whose job never started has, once
     * it is cancelled or done.
     */
    boolean hasExited() {
        RunnerJob j = job;
        return j == null ? cancelled || done : j.hasExited();
    }

    /** Waits up to {@code millis} for the query's job to exit. */
    void awaitExit(long millis) throws InterruptedException {
        RunnerJob j = job;
        if (j != null) {
            j.awaitExit(millis);
        }
    }

    private void throwFailure() {
        Throwable f = failure;
        if (f instanceof WeirException w) {
            throw w;
        }
        if (f != null) {
            throw new WeirException(
                    ErrorCode.INTERNAL_ERROR,
                    Optional.empty(),
                    "The query failed: " + f.getMessage(),
                    f);
        }
    }

    /** Called by the job: blocks while the queue is full, unless the query is cancelled. */
    void push(Object[] row) {
        try {
            while (!cancelled && !queue.offer(row, 100, TimeUnit.MILLISECONDS)) {
                // The reader is slow: wait for room, re-checking for cancellation.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void finish() {
        try {
            while (!cancelled && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                // wait for room for the end marker
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the query with an error its reader receives: a timeout, for one. */
    public void failWith(WeirException error) {
        RunnerJob j = job;
        if (j != null) {
            j.cancel();
        }
        fail(error);
        done = true;
    }

    void fail(Throwable error) {
        if (cancelled) {
            return;
        }
        failure = error;
        queue.clear();
        queue.offer(END);
    }
}
