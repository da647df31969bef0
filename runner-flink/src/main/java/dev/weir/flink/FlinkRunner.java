package dev.weir.flink;

import dev.weir.common.row.Change;
import dev.weir.flink.source.FlinkSources;
import dev.weir.flink.types.ChangeTypeInfo;
import dev.weir.plan.JobGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs Weir query plans on Apache Flink, with Weir's own operators (see {@code docs/flink.md}).
 * Jobs are submitted through Flink's REST API, to a MiniCluster this runner starts in-process
 * ({@link #local}) or to a running cluster ({@link #remote}): one path for both.
 *
 * <p>A local runner keeps Flink's files (its RPC jar, blobs, spill files) in a temporary directory
 * of its own, deleted on close; Flink would otherwise leave them in {@code java.io.tmpdir}.
 */
public final class FlinkRunner implements AutoCloseable {
    private final String host;
    private final int port;
    private final List<String> jars;
    private final MiniCluster miniCluster;
    private final Path tempDirectory;

    private FlinkRunner(
            String host, int port, List<String> jars, MiniCluster miniCluster, Path tempDirectory) {
        this.host = host;
        this.port = port;
        this.jars = List.copyOf(jars);
        this.miniCluster = miniCluster;
        this.tempDirectory = tempDirectory;
    }

    /**
     * Starts a Flink MiniCluster in this JVM: one task manager of {@code slots} slots (the most
     * parallelism a job can have), its REST API on a free loopback port.
     */
    public static FlinkRunner local(int slots) throws Exception {
        Path temp = Files.createTempDirectory("weir-flink");
        Configuration config = new Configuration();
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.PORT, 0);
        config.set(CoreOptions.TMP_DIRS, temp.resolve("io").toString());
        config.set(BlobServerOptions.STORAGE_DIRECTORY, temp.resolve("blobs").toString());
        config.set(WebOptions.UPLOAD_DIR, temp.resolve("web-upload").toString());
        config.set(WebOptions.TMP_DIR, temp.resolve("web").toString());
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(config)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        try {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            return new FlinkRunner(rest.getHost(), rest.getPort(), List.of(), cluster, temp);
        } catch (Exception e) {
            cluster.close();
            delete(temp);
            throw e;
        }
    }

    /**
     * A running Flink cluster, its JobManager's REST API at {@code host:port}. Its task managers
     * load the query's classes from {@code jars}: a jar holding this runner with Weir's executor,
     * plan and common modules and their dependencies (Janino, Calcite's runtime, Jackson).
     */
    public static FlinkRunner remote(String host, int port, List<String> jars) {
        return new FlinkRunner(host, port, jars, null, null);
    }

    /** The REST API jobs are submitted to, {@code host:port}: Flink's view of their state. */
    public String restAddress() {
        return host + ":" + port;
    }

    /**
     * Starts {@code graph} as a Flink job named {@code name}, reading its sources through {@code
     * sources}; its result comes back through Flink's collect sink.
     *
     * @throws dev.weir.common.error.WeirException NOT_SUPPORTED for a plan that cannot run on
     *     Flink, before anything is submitted
     */
    public FlinkQuery submit(
            String name, JobGraph graph, FlinkSources sources, JobSettings settings)
            throws Exception {
        PlanTranslator.check(graph);
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend());
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                settings.restartAttempts());
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        host, port, config, jars.toArray(new String[0]));
        env.setParallelism(settings.parallelism());
        if (settings.checkpointIntervalMillis() > 0) {
            env.enableCheckpointing(
                    settings.checkpointIntervalMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        DataStream<Change> result = PlanTranslator.translate(env, graph, sources);
        CloseableIterator<Either<Change, Long>> results =
                result.transform(
                                "result and watermarks",
                                new EitherTypeInfo<>(ChangeTypeInfo.INSTANCE, Types.LONG),
                                new WatermarksInResult())
                        .setParallelism(1)
                        .name("result and watermarks")
                        .uid("result and watermarks")
                        .collectAsync();
        JobClient job = env.executeAsync(name);
        return new FlinkQuery(job, results);
    }

    @Override
    public void close() throws Exception {
        if (miniCluster != null) {
            try {
                miniCluster.close();
            } finally {
                delete(tempDirectory);
            }
        }
    }

    private static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
