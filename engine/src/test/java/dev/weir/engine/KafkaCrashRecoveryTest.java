package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.kafka.EmbeddedKafka;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills an engine process ({@link KafkaCrashWorker}) with SIGKILL at random moments while records
 * are produced to random partitions of a three-partition topic in random batches, restarts it, and
 * at the end checks a materialized view and a persistent {@code INSERT INTO stream SELECT} over the
 * topic against every record produced: nothing lost, nothing doubled. The broker runs in this JVM;
 * the worker reaches it over loopback.
 *
 * <p>{@value #DEFAULT_KILLS} kills, the number, by default ({@code
 * -Dweir.crash.kafka.kills=N} for another): 197 s on the loaded 2-core machine (load average about
 * 10), more than half of it starting the 21 worker JVMs.
 */
class KafkaCrashRecoveryTest {
    private static final int DEFAULT_KILLS = 20;
    private static final int KEYS = 5;

    @TempDir Path dataDir;

    private final Random random = new Random(20261207);
    private final List<long[]> produced = new ArrayList<>();
    private final AtomicReference<Throwable> feedFailure = new AtomicReference<>();
    private long startMillis;

    @Test
    void aViewAndAnInsertOverThreePartitionsAreExactAfterRepeatedKills() throws Exception {
        int kills = Integer.getInteger("weir.crash.kafka.kills", DEFAULT_KILLS);
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("crash", 3);
            String script =
                    "CREATE STREAM source (p INT, n INT, k INT, v INT) WITH ('connector' ="
                            + " 'kafka', 'topic' = 'crash', 'bootstrap.servers' = '"
                            + kafka.bootstrapServers()
                            + "', 'format' = 'csv');"
                            + "CREATE STREAM high (p INT, n INT, v INT);"
                            + "INSERT INTO high SELECT p, n, v FROM source WHERE v >= 30;"
                            + "CREATE MATERIALIZED VIEW per_key AS SELECT k, COUNT(*) AS c,"
                            + " SUM(v) AS total FROM source GROUP BY k;";
            AtomicBoolean stop = new AtomicBoolean();
            Thread feeder = new Thread(() -> feed(kafka, stop), "feeder");
            feeder.start();
            try {
                Process worker = start(0, script);
                for (int kill = 0; kill < kills; kill++) {
                    awaitReading(kill);
                    Thread.sleep(200 + random.nextInt(1000));
                    System.out.println("kill " + kill + " after " + producedCount() + " records");
                    worker.destroyForcibly(); // SIGKILL: no final checkpoint
                    worker.waitFor();
                    Thread.sleep(random.nextInt(300)); // records pile up meanwhile
                    worker = start(kill + 1, null);
                }
                Thread.sleep(500);
                worker.destroyForcibly();
                worker.waitFor();
            } finally {
                stop.set(true);
                feeder.join();
            }
            assertThat(feedFailure.get()).isNull();
            List<String> high = new ArrayList<>();
            Map<Long, long[]> perKey = new TreeMap<>();
            synchronized (produced) {
                for (long[] r : produced) {
                    if (r[3] >= 30) {
                        high.add(r[0] + " " + r[1] + " " + r[3]);
                    }
                    perKey.merge(
                            r[2],
                            new long[] {1, r[3]},
                            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                }
            }
            high.sort(null);
            List<String> view = new ArrayList<>();
            perKey.forEach((k, cv) -> view.add(k + " " + cv[0] + " " + cv[1]));
            try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline
                        && !(sorted(rows(engine, "SELECT p, n, v FROM high")).equals(high)
                                && rows(engine, "SELECT k, c, total FROM per_key ORDER BY k")
                                        .equals(view))) {
                    Thread.sleep(50);
                }
                List<String> appended = sorted(rows(engine, "SELECT p, n, v FROM high"));
                assertThat(appended).as(difference(high, appended)).isEqualTo(high);
                assertThat(rows(engine, "SELECT k, c, total FROM per_key ORDER BY k"))
                        .isEqualTo(view);
            }
            System.out.println(
                    "kafka crash test: "
                            + kills
                            + " kills, "
                            + produced.size()
                            + " records produced, "
                            + high.size()
                            + " appended to the stream, "
                            + (System.nanoTime() - started) / 1_000_000
                            + " ms, of which "
                            + startMillis
                            + " ms starting "
                            + (kills + 1)
                            + " workers");
            assertThat(produced.size()).isGreaterThan(kills * 10);
        }
    }

    /** Waits until the worker of run {@code run} has read records since it started. */
    private void awaitReading(int run) throws Exception {
        Path out = dataDir.resolve("worker-" + run + ".out");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = Files.readAllLines(out);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("read ")) {
                    if (Long.parseLong(lines.get(i).substring(5).strip()) > 0) {
                        return;
                    }
                    break;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the worker read nothing within a minute: " + out);
    }

    private int producedCount() {
        synchronized (produced) {
            return produced.size();
        }
    }

    /** Produces batches of records to random partitions until stopped. */
    private void feed(EmbeddedKafka kafka, AtomicBoolean stop) {
        Random feedRandom = new Random(7);
        long n = 0;
        try {
            while (!stop.get()) {
                int partition = feedRandom.nextInt(3);
                List<String> values = new ArrayList<>();
                List<long[]> records = new ArrayList<>();
                for (int i = 1 + feedRandom.nextInt(12); i > 0; i--) {
                    long k = feedRandom.nextInt(KEYS);
                    long v = feedRandom.nextInt(60);
                    values.add(partition + "," + n + "," + k + "," + v);
                    records.add(new long[] {partition, n, k, v});
                    n++;
                }
                kafka.produce("crash", partition, values); // flushed: acknowledged by the broker
                synchronized (produced) {
                    produced.addAll(records);
                }
                Thread.sleep(feedRandom.nextInt(20));
            }
        } catch (Exception | Error e) {
            feedFailure.set(e);
        }
    }

    private Process start(int run, String script) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.addAll(
                List.of(
                        java,
                        // A worker lives seconds: the client compiler alone and one GC thread
                        // start it faster on a small machine, where C2's compile threads and a
                        // parallel collector's would compete with the broker and the feeder.
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Duser.language=tr",
                        "-Duser.country=TR",
                        "-Duser.timezone=Asia/Kolkata",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KafkaCrashWorker.class.getName(),
                        dataDir.toString()));
        if (script != null) {
            command.add(script);
        }
        Path out = dataDir.resolve("worker-" + run + ".out");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(out.toFile());
        long starting = System.nanoTime();
        Process process = builder.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the worker exited: " + Files.readString(out));
            }
            if (Files.exists(out) && Files.readString(out).contains("ready")) {
                startMillis += (System.nanoTime() - starting) / 1_000_000;
                return process;
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("the worker did not start within a minute");
    }

    private static List<String> rows(Engine engine, String sql) {
        return ((StatementResult.Rows) engine.execute(sql))
                .rows().stream()
                        .map(r -> String.join(" ", Arrays.stream(r).map(String::valueOf).toList()))
                        .toList();
    }

    /** How many rows {@code actual} lacks and has too many of, against {@code expected}. */
    private static String difference(List<String> expected, List<String> actual) {
        Map<String, Integer> count = new TreeMap<>();
        expected.forEach(r -> count.merge(r, 1, Integer::sum));
        actual.forEach(r -> count.merge(r, -1, Integer::sum));
        int lost = count.values().stream().filter(c -> c > 0).mapToInt(c -> c).sum();
        int doubled = count.values().stream().filter(c -> c < 0).mapToInt(c -> -c).sum();
        return expected.size() + " rows expected: " + lost + " lost, " + doubled + " doubled";
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }
}
