package dev.weir.engine;

import dev.weir.executor.runtime.Job;
import java.util.Optional;

/** A continuous query's job as a {@link QueryRunner} started it: what SHOW QUERIES shows of it. */
public interface RunnerJob {
    /** The runner's name in SHOW QUERIES: {@code local} or {@code flink}. */
    String runner();

    /** The runner's own id of the job (Flink's job id); empty on the local runner. */
    Optional<String> jobId();

    /** The local runner's job, whose figures SHOW QUERIES and the metrics read; else empty. */
    Optional<Job> localJob();

    /** Stops the job; nothing more reaches its sink. Returns at once. */
    void cancel();

    /** Whether the job has ended and let go of what it held (its state in the data directory). */
    boolean hasExited();

    /** Waits up to {@code millis} for the job to exit, as after {@link #cancel()}. */
    void awaitExit(long millis) throws InterruptedException;

    /** The local runner's job. */
    static RunnerJob local(Job job) {
        return new RunnerJob() {
            @Override
            public String runner() {
                return "local";
            }

            @Override
            public Optional<String> jobId() {
                return Optional.empty();
            }

            @Override
            public Optional<Job> localJob() {
                return Optional.of(job);
            }

            @Override
            public void cancel() {
                job.cancel();
            }

            @Override
            public boolean hasExited() {
                return job.hasExited();
            }

            @Override
            public void awaitExit(long millis) throws InterruptedException {
                job.join(millis);
            }
        };
    }
}
