package dev.weir.executor.runtime;

import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.state.StateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A running query: sources feeding a graph of operators, on one thread of its own. It runs until
 * every source has ended (then it finishes the sink) or until cancelled.
 */
public final class Job implements Runnable {
    private static final int BATCH = 1024;
    private static final long IDLE_SLEEP_MILLIS = 5;

    private final String id;
    private final List<SourceRunner> sources;
    private final List<OperatorNode> operators;
    private final ResultSink sink;
    private final StateBackend state;
    private final LongSupplier clock;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Thread thread;
    private volatile String status = "CREATED";
    private final java.util.concurrent.atomic.AtomicLong idleRounds =
            new java.util.concurrent.atomic.AtomicLong();

    Job(
            String id,
            List<SourceRunner> sources,
            List<OperatorNode> operators,
            ResultSink sink,
            StateBackend state,
            LongSupplier clock) {
        this.id = id;
        this.sources = List.copyOf(sources);
        this.operators = List.copyOf(operators);
        this.sink = sink;
        this.state = state;
        this.clock = clock;
    }

    public String id() {
        return id;
    }

    /** Starts the job on a new daemon thread. */
    public void start() {
        Thread t = new Thread(this, "weir-job-" + id);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the job; the sink is not finished. Safe from any thread. */
    public void cancel() {
        cancelled.set(true);
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits for the job's thread to end. */
    public void join(long millis) throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join(millis);
        }
    }

    /**
     * Waits until the job has caught up with its sources: two rounds in a row found nothing new to
     * read after this call, or the job ended. For tests and tools that need a quiet point.
     */
    public boolean awaitCaughtUp(long timeoutMillis) throws InterruptedException {
        long target = idleRounds.get() + 2;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (idleRounds.get() < target && !isEnded()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private boolean isEnded() {
        String s = status;
        return s.equals("FINISHED") || s.equals("FAILED") || s.equals("CANCELLED");
    }

    public String status() {
        return status;
    }

    /** Live figures of every operator, sources first. */
    public List<OperatorMetrics> metrics() {
        List<OperatorMetrics> all = new ArrayList<>();
        sources.forEach(s -> all.add(s.metrics()));
        operators.forEach(o -> all.add(o.metrics()));
        return all;
    }

    public long stateSizeBytes() {
        return state.approximateSizeBytes();
    }

    @Override
    public void run() {
        status = "RUNNING";
        try {
            operators.forEach(OperatorNode::open);
            runUntilEndOrCancel();
            if (!cancelled.get()) {
                status = "FINISHED";
                sink.finish();
            } else {
                status = "CANCELLED";
            }
        } catch (InterruptedException e) {
            // cancel() interrupts a sleeping job: that is a cancellation, not a failure.
            status = cancelled.get() ? "CANCELLED" : "FAILED";
            if (!cancelled.get()) {
                sink.fail(e);
            }
        } catch (Throwable e) {
            status = "FAILED";
            sink.fail(e);
        } finally {
            operators.forEach(OperatorNode::close);
            sources.forEach(SourceRunner::close);
            state.close();
        }
    }

    /** Runs the job on the calling thread until its sources end; for tests and table results. */
    public void runToCompletion() {
        thread = Thread.currentThread();
        run();
    }

    private void runUntilEndOrCancel() throws InterruptedException {
        while (!cancelled.get()) {
            int read = 0;
            boolean allEnded = true;
            for (SourceRunner source : sources) {
                read += source.pump(BATCH);
                allEnded &= source.isEnded();
            }
            long now = clock.getAsLong();
            for (OperatorNode operator : operators) {
                operator.fireTimers(now);
            }
            if (allEnded) {
                return;
            }
            if (read == 0) {
                idleRounds.incrementAndGet();
                Thread.sleep(IDLE_SLEEP_MILLIS);
            }
        }
    }
}
