package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.kafka.EmbeddedKafka;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.runtime.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A persistent {@code INSERT INTO stream SELECT} over a Kafka topic of three partitions, crashed
 * and restarted again and again between a checkpoint and its next one: the rows read since the
 * checkpoint come back after the restart in one poll, interleaved however the consumer returns
 * them, while they were first read one partition at a time in another order. The internal stream
 * must still hold every row exactly once.
 */
class KafkaExactlyOnceTest {
    private static EmbeddedKafka kafka;

    @TempDir Path dataDir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        kafka.close();
    }

    private static List<String> rows(Engine engine, String sql) {
        return ((StatementResult.Rows) engine.execute(sql))
                .rows().stream()
                        .map(r -> String.join(" ", Arrays.stream(r).map(String::valueOf).toList()))
                        .toList();
    }

    private static void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The stream's rows once it holds at least {@code count}, sorted (a multiset). */
    private static List<String> copied(Engine engine, int count) throws Exception {
        await(() -> rows(engine, "SELECT p, n FROM copied").size() >= count, count + " rows");
        Job job = engine.persistentQueries().get("insert_1");
        assertThat(job.awaitCaughtUp(30_000)).isTrue();
        return sorted(rows(engine, "SELECT p, n FROM copied"));
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }

    /** Stops the query as a crash would: after its appends, before any further checkpoint. */
    private static void crash(Engine engine) throws Exception {
        Job job = engine.persistentQueries().get("insert_1");
        job.cancel();
        job.join(30_000);
    }

    @Test
    void rowsFromThreePartitionsReachTheStreamOnceAcrossRepeatedCrashes() throws Exception {
        kafka.createTopic("three", 3);
        // Per cycle, the order in which the partitions get their records, one append at a time.
        int[][] orders = {{2, 1, 0}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {1, 0, 2}, {2, 1, 0}};
        List<String> expected = new ArrayList<>();
        int n = 0;
        for (int cycle = 0; cycle < orders.length; cycle++) {
            try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
                if (cycle == 0) {
                    engine.execute(
                            "CREATE STREAM source (p INT, n INT) WITH ('connector' = 'kafka',"
                                    + " 'topic' = 'three', 'bootstrap.servers' = '"
                                    + kafka.bootstrapServers()
                                    + "', 'format' = 'csv')");
                    engine.execute("CREATE STREAM copied (p INT, n INT)");
                    engine.execute("INSERT INTO copied SELECT p, n FROM source WHERE n >= 0");
                }
                // After a restart: the rows since the last checkpoint replayed, none doubled.
                assertThat(copied(engine, expected.size())).isEqualTo(sorted(expected));
                engine.checkpoint();
                for (int partition : orders[cycle]) {
                    List<String> records = new ArrayList<>();
                    for (int i = 0; i < 2 + (partition + cycle) % 3; i++) {
                        records.add(partition + "," + n);
                        expected.add(partition + " " + n);
                        n++;
                    }
                    kafka.produce("three", partition, records);
                    assertThat(copied(engine, expected.size())).isEqualTo(sorted(expected));
                }
                crash(engine);
            }
        }
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            assertThat(copied(engine, expected.size())).isEqualTo(sorted(expected));
            kafka.produce("three", 1, List.of("1," + n));
            expected.add("1 " + n);
            assertThat(copied(engine, expected.size())).isEqualTo(sorted(expected));
            assertThat(expected).hasSize(55);
        }
    }
}
