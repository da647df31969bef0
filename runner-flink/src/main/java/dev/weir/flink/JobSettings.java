package dev.weir.flink;

import java.util.Locale;

/**
 * How one query runs on Flink.
 *
 * @param parallelism instances of each keyed operator (sources: one per file, one per Kafka
 *     partition up to this)
 * @param checkpointIntervalMillis how often Flink checkpoints (exactly-once, aligned); results
 *     reach the collecting client as each checkpoint completes. 0: no checkpoints, results reach
 *     the client as they are produced, and a restart would repeat them (so none is made)
 * @param stateBackend {@code hashmap} (state on the heap) or {@code rocksdb} (Flink's RocksDB)
 * @param restartAttempts how often a failed job restarts from its last checkpoint before it fails
 */
public record JobSettings(
        int parallelism, long checkpointIntervalMillis, String stateBackend, int restartAttempts) {
    public JobSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, not " + parallelism);
        }
        if (checkpointIntervalMillis != 0 && checkpointIntervalMillis < 10) {
            throw new IllegalArgumentException(
                    "a checkpoint interval below 10 ms: " + checkpointIntervalMillis);
        }
        stateBackend = stateBackend.toLowerCase(Locale.ROOT);
        if (checkpointIntervalMillis == 0 && restartAttempts != 0) {
            throw new IllegalArgumentException(
                    "without checkpoints a restart would repeat results: restartAttempts must be 0");
        }
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new IllegalArgumentException(
                    "state backend 'hashmap' or 'rocksdb', not '" + stateBackend + "'");
        }
    }

    /** Parallelism {@code parallelism}, a checkpoint a second, heap state, three restarts. */
    public static JobSettings of(int parallelism) {
        return new JobSettings(parallelism, 1000, "hashmap", 3);
    }

    public JobSettings withCheckpointInterval(long millis) {
        return new JobSettings(parallelism, millis, stateBackend, restartAttempts);
    }

    /**
     * No checkpoints and no restarts, as the local runner runs a client's continuous query: results
     * reach the client as they are produced (not held until a checkpoint completes, nor stalled
     * when more of them wait than the collect sink buffers), and a failure ends the query.
     */
    public JobSettings withoutCheckpoints() {
        return new JobSettings(parallelism, 0, stateBackend, 0);
    }

    public JobSettings withStateBackend(String backend) {
        return new JobSettings(parallelism, checkpointIntervalMillis, backend, restartAttempts);
    }
}
