package dev.weir.executor.runtime;

import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.state.StateBackend;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
    private boolean restored;
    private final java.util.concurrent.atomic.AtomicLong idleRounds =
            new java.util.concurrent.atomic.AtomicLong();
    private final ConcurrentLinkedQueue<CheckpointRequest> checkpointRequests =
            new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<CatchUp> caughtUp = new CompletableFuture<>();
    private long startedNanos;
    private long rowsRead;
    private RoundJournal journal;
    private final ArrayDeque<List<SourcePosition>> replay = new ArrayDeque<>();

    /**
     * How the job caught up with its sources once started: the rows it read until the first round
     * that found nothing more to read (or until its sources ended), and the time that took. For a
     * job restored from a checkpoint, the rows its sources had appended since: its replay.
     */
    public record CatchUp(long rows, long millis) {}

    /** Work for the job's thread, e.g. a sink committing what a checkpoint made safe to publish. */
    private record Task(Runnable work, CompletableFuture<Void> done) {}

    /** A checkpoint asked for from another thread, taken by the job's thread between batches. */
    private record CheckpointRequest(
            Path stateTarget, long id, CompletableFuture<JobCheckpoint> done) {}

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

    /**
     * Whether no thread of the job is at work (it has ended, its state closed, or never started). A
     * cancelled job's status says CANCELLED before its thread has closed what it holds.
     */
    public boolean hasExited() {
        Thread t = thread;
        return t == null || !t.isAlive();
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

    /**
     * Completes once the job has caught up with its sources (see {@link CatchUp}); exceptionally if
     * it ends before.
     */
    public CompletableFuture<CatchUp> caughtUp() {
        return caughtUp;
    }

    /** Live figures of every operator, sources first. */
    public List<OperatorMetrics> metrics() {
        List<OperatorMetrics> all = new ArrayList<>();
        sources.forEach(s -> all.add(s.metrics()));
        operators.forEach(o -> all.add(o.metrics()));
        return all;
    }

    /**
     * Whether every source can report its position: only then can the job be checkpointed and
     * resumed from a checkpoint.
     */
    public boolean isCheckpointable() {
        return sources.stream().allMatch(SourceRunner::isReplayable);
    }

    /**
     * Resumes from a checkpoint taken by {@link #checkpoint}: the state backend the job was built
     * with must already hold that checkpoint's state. Call before {@link #start}.
     */
    public void restore(JobCheckpoint checkpoint) {
        if (!status.equals("CREATED")) {
            throw new IllegalStateException("a job is restored before it starts");
        }
        if (checkpoint.sources().size() != sources.size()) {
            throw new IllegalArgumentException(
                    "the checkpoint has "
                            + checkpoint.sources().size()
                            + " sources, the job "
                            + sources.size());
        }
        for (int i = 0; i < sources.size(); i++) {
            sources.get(i).restore(checkpoint.sources().get(i));
        }
        restored = true;
    }

    /**
     * Whether every source can read a past poll again ({@link
     * dev.weir.executor.connector.SourceReader#pollUntil}): only then can the job's rounds be
     * journaled and replayed.
     */
    public boolean replaysRounds() {
        return sources.stream().allMatch(SourceRunner::replaysPolls);
    }

    /**
     * Whether the order in which the job reads its rows depends on how its rounds fell: it reads
     * several sources, or a source of several partitions ({@link PartitionedSource}), interleaved
     * as they arrive. A job reading one source in its own order reads the same rows in the same
     * order however its rounds fall, so it needs no journal to replay them.
     */
    public boolean readsInterleaved() {
        return sources.size() > 1 || sources.stream().anyMatch(SourceRunner::isPartitioned);
    }

    /**
     * Tells {@code journal} the sources' positions after every round that reads rows (see {@link
     * RoundJournal}). Call before {@link #start}, on a job that {@link #replaysRounds()}.
     */
    public void journalRounds(RoundJournal journal) {
        if (!status.equals("CREATED") || !replaysRounds()) {
            throw new IllegalStateException("rounds are journaled from the start, if at all");
        }
        this.journal = Objects.requireNonNull(journal, "journal is null");
    }

    /**
     * Makes the first rounds read exactly what rounds of an earlier run read, from the positions a
     * {@link RoundJournal} heard, in order: each source reads up to its position of that round
     * before the next round starts. With the same rows in the same rounds, the operators see the
     * same input, watermarks included, and produce the same output in the same order. After them
     * the job polls as usual. Call after {@link #restore}, before {@link #start}.
     */
    public void replayRounds(List<List<SourcePosition>> rounds) {
        if (!status.equals("CREATED") || !replaysRounds()) {
            throw new IllegalStateException("rounds are replayed before the job starts");
        }
        for (List<SourcePosition> round : rounds) {
            if (round.size() != sources.size()) {
                throw new IllegalArgumentException(
                        "a round of " + round.size() + " positions for " + sources.size());
            }
            replay.add(List.copyOf(round));
        }
    }

    /**
     * Asks the job's thread to take a consistent checkpoint between two batches: every source's
     * position and watermark, and the state (with whatever the sink keeps in it) written to {@code
     * stateTarget}. Completes exceptionally if the job ends first.
     */
    public CompletableFuture<JobCheckpoint> checkpoint(Path stateTarget) {
        return checkpoint(stateTarget, 0);
    }

    /**
     * As {@link #checkpoint(Path)}, numbered {@code id}: the sink prepares its output with it, and
     * once the caller has made the checkpoint durable it calls {@link #checkpointCompleted} (or
     * {@link #checkpointAborted}) with the same id.
     */
    public CompletableFuture<JobCheckpoint> checkpoint(Path stateTarget, long id) {
        CompletableFuture<JobCheckpoint> done = new CompletableFuture<>();
        checkpointRequests.add(new CheckpointRequest(stateTarget, id, done));
        if (isEnded()) {
            failPendingCheckpoints();
        }
        return done;
    }

    /**
     * Runs {@code work} on the job's thread between two batches (where it may use the job's state).
     * Completes exceptionally if the job ends first or the work fails.
     */
    public CompletableFuture<Void> runBetweenBatches(Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(new Task(work, done));
        if (isEnded()) {
            failPendingCheckpoints();
        }
        return done;
    }

    /**
     * Tells the job that checkpoint {@code id} is durable: on the job's thread, the sink publishes
     * what it prepared with it and each source may acknowledge its position upstream (a Kafka
     * source commits its group's offsets).
     */
    public CompletableFuture<Void> checkpointCompleted(long id, JobCheckpoint checkpoint) {
        return runBetweenBatches(
                () -> {
                    sink.checkpointCompleted(id);
                    for (int i = 0; i < sources.size(); i++) {
                        sources.get(i).checkpointCompleted(checkpoint.sources().get(i));
                    }
                });
    }

    /** Tells the job that checkpoint {@code id} was not written. */
    public CompletableFuture<Void> checkpointAborted(long id) {
        return runBetweenBatches(() -> sink.checkpointAborted(id));
    }

    private void runTasks() {
        Task task;
        while ((task = tasks.poll()) != null) {
            try {
                task.work().run();
                task.done().complete(null);
            } catch (RuntimeException e) {
                task.done().completeExceptionally(e);
            }
        }
    }

    private void takeCheckpoints() {
        CheckpointRequest request;
        while ((request = checkpointRequests.poll()) != null) {
            try {
                // A sink that cannot prepare (its output cannot be written) fails the job.
                sink.prepareCheckpoint(request.id());
            } catch (RuntimeException e) {
                request.done().completeExceptionally(e);
                throw e;
            }
            try {
                List<SourceCheckpoint> positions = new ArrayList<>();
                for (SourceRunner source : sources) {
                    positions.add(source.checkpoint());
                }
                state.checkpoint(request.stateTarget());
                request.done().complete(new JobCheckpoint(positions));
            } catch (RuntimeException e) {
                sink.checkpointAborted(request.id());
                request.done().completeExceptionally(e);
                if (state.writeFailure().isPresent()) {
                    // The state cannot be written any more (a flush found the disk full): going
                    // on would only fail every later checkpoint. Failing lets the owner restart
                    // the job from its last checkpoint, on a database that works again.
                    throw e;
                }
            }
        }
    }

    private void failPendingCheckpoints() {
        Task task;
        while ((task = tasks.poll()) != null) {
            task.done()
                    .completeExceptionally(
                            new IllegalStateException("The job " + id + " has ended."));
        }
        CheckpointRequest request;
        while ((request = checkpointRequests.poll()) != null) {
            request.done()
                    .completeExceptionally(
                            new IllegalStateException("The job " + id + " has ended."));
        }
    }

    public long stateSizeBytes() {
        return state.approximateSizeBytes();
    }

    @Override
    public void run() {
        startedNanos = System.nanoTime();
        status = "RUNNING";
        try {
            operators.forEach(OperatorNode::open);
            if (restored) {
                sources.forEach(SourceRunner::resendWatermark);
            }
            Thread self = Thread.currentThread();
            sources.forEach(s -> s.onAvailable(() -> LockSupport.unpark(self)));
            runUntilEndOrCancel();
            if (!cancelled.get()) {
                status = "FINISHED";
                sink.endOfBatch();
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
            caughtUp.completeExceptionally(
                    new IllegalStateException("The job " + id + " ended before catching up."));
            failPendingCheckpoints();
            operators.forEach(OperatorNode::close);
            sources.forEach(SourceRunner::close);
            sink.close();
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
            List<SourcePosition> replaying = replay.poll();
            for (int i = 0; i < sources.size(); i++) {
                SourceRunner source = sources.get(i);
                read += replaying == null ? source.pump(BATCH) : source.pumpUntil(replaying.get(i));
                allEnded &= source.isEnded();
            }
            if (journal != null && read > 0) {
                List<SourcePosition> positions = new ArrayList<>(sources.size());
                for (SourceRunner source : sources) {
                    positions.add(source.position());
                }
                journal.roundRead(positions);
            }
            long now = clock.getAsLong();
            for (OperatorNode operator : operators) {
                operator.fireTimers(now);
            }
            sink.endOfBatch();
            takeCheckpoints();
            runTasks();
            rowsRead += read;
            if ((read == 0 || allEnded) && !caughtUp.isDone()) {
                caughtUp.complete(
                        new CatchUp(rowsRead, (System.nanoTime() - startedNanos) / 1_000_000));
            }
            if (allEnded) {
                return;
            }
            if (read == 0) {
                idleRounds.incrementAndGet();
                // Sources that know when data arrives unpark the job at once; the timeout serves
                // the others (and processing-time timers).
                LockSupport.parkNanos(this, IDLE_SLEEP_MILLIS * 1_000_000);
                if (Thread.interrupted()) {
                    if (cancelled.get()) {
                        return;
                    }
                    throw new InterruptedException();
                }
            }
        }
    }
}
