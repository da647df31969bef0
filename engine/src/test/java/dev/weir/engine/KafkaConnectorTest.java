package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.kafka.EmbeddedKafka;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.runtime.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka connector against a real broker (one for the class, in this JVM): reading JSON and CSV
 * topics, per-partition watermarks, malformed records, startup modes, a materialized view and an
 * INSERT INTO ... SELECT into Kafka resumed after a crash with nothing lost or doubled.
 */
class KafkaConnectorTest {
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

    private static String with(String topic, String format, String... more) {
        StringBuilder options =
                new StringBuilder(
                        " WITH ('connector' = 'kafka', 'topic' = '"
                                + topic
                                + "', 'bootstrap.servers' = '"
                                + kafka.bootstrapServers()
                                + "', 'format' = '"
                                + format
                                + "'");
        for (String option : more) {
            options.append(", ").append(option);
        }
        return options.append(")").toString();
    }

    private static ContinuousQuery start(Engine engine, String sql) {
        return ((StatementResult.Continuous) engine.execute(sql)).query();
    }

    /** The next {@code n} rows, their leading {@code columns} joined by spaces. */
    private static List<String> take(ContinuousQuery query, int n, int columns) throws Exception {
        List<String> rows = new ArrayList<>();
        while (rows.size() < n) {
            Object[] row =
                    query.next(30, TimeUnit.SECONDS)
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "only " + rows.size() + " rows: " + rows));
            rows.add(
                    String.join(" ", Arrays.stream(row, 0, columns).map(String::valueOf).toList()));
        }
        return rows;
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

    /** Epoch milliseconds of a UTC timestamp, as the engine's rows carry them. */
    private static String ts(String text) {
        return String.valueOf(
                java.time.LocalDateTime.parse(text.replace(' ', 'T'))
                                .toEpochSecond(java.time.ZoneOffset.UTC)
                        * 1000);
    }

    /**
     * The topic's committed records once they equal {@code expected}, or as they are after 30 s. A
     * committed transaction's markers reach the partitions just after the commit returns, so a
     * read_committed reader may see it a moment later.
     */
    private static List<String> committedRecords(String topic, List<String> expected)
            throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        List<String> records = kafka.readCommitted(topic);
        while (!records.equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            records = kafka.readCommitted(topic);
        }
        return records;
    }

    private static OperatorMetrics sourceMetrics(Job job) {
        return job.metrics().get(0);
    }

    /** Waits until the job has read {@code rows} rows and gone quiet after them. */
    private static void awaitRead(Job job, long rows) throws Exception {
        await(() -> sourceMetrics(job).rowsIn() >= rows, rows + " rows read");
        assertThat(job.awaitCaughtUp(30_000)).isTrue();
        assertThat(sourceMetrics(job).rowsIn()).isEqualTo(rows);
    }

    @Test
    void aJsonTopicIsReadAsAStreamAndMalformedRecordsAreCountedAndSkipped() throws Exception {
        kafka.createTopic("json-bids", 1);
        kafka.produce(
                "json-bids",
                0,
                List.of(
                        "{\"bidtime\": \"2026-01-01 08:07:00\", \"price\": 2.50, \"item\": \"A\"}",
                        "{\"BIDTIME\": 1767254820000, \"price\": 3, \"item\": \"B\"}\n",
                        "{\"bidtime\": \"2026-01-01 08:05:00\", \"price\": \"four\"}",
                        "not json at all",
                        "{\"bidtime\": \"2026-01-01 08:09:00\", \"item\": \"D\"}"));
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM bids (bidtime TIMESTAMP(3) NOT NULL, price DECIMAL(10, 2),"
                            + " item VARCHAR, WATERMARK FOR bidtime AS bidtime - INTERVAL '4'"
                            + " SECOND)"
                            + with("json-bids", "json"));
            ContinuousQuery query =
                    start(engine, "SELECT bidtime, price, item FROM bids EMIT STREAM");
            assertThat(take(query, 3, 4))
                    .containsExactly(
                            ts("2026-01-01 08:07:00") + " 2.50 A false",
                            // At the column's scale, as written or not (decimal-scale-as-written).
                            ts("2026-01-01 08:07:00") + " 3.00 B false",
                            ts("2026-01-01 08:09:00") + " null D false");
            Job job = query.job().orElseThrow();
            awaitRead(job, 3);
            assertThat(sourceMetrics(job).malformedRecords()).isEqualTo(2);
            query.cancel();
        }
    }

    @Test
    void aCsvTopicWithSeveralPartitionsIsReadWholeAndItsBadRecordsSkipped() throws Exception {
        kafka.createTopic("csv-trades", 2);
        kafka.produce("csv-trades", 0, List.of("1,\"ACME, Inc.\",10.5", "2,,7", "x,BAD,1"));
        kafka.produce("csv-trades", 1, List.of("3,\"say \"\"hi\"\"\",1", "4,ZED", "5,Q,2\r\n"));
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM trades (id INT NOT NULL, name VARCHAR, qty DOUBLE)"
                            + with("csv-trades", "csv"));
            ContinuousQuery query =
                    start(engine, "SELECT id, name, qty * 2 AS q2 FROM trades EMIT STREAM");
            List<String> rows = take(query, 4, 3);
            rows.sort(null); // two partitions interleave as they arrive
            assertThat(rows)
                    .containsExactly(
                            "1 ACME, Inc. 21.0", "2 null 14.0", "3 say \"hi\" 2.0", "5 Q 4.0");
            Job job = query.job().orElseThrow();
            awaitRead(job, 4);
            assertThat(sourceMetrics(job).malformedRecords()).isEqualTo(2);
            query.cancel();
        }
    }

    @Test
    void aWindowFiresOnlyWhenEveryPartitionHasPassedItsEnd() throws Exception {
        kafka.createTopic("bids3", 3);
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM bids3 (bidtime TIMESTAMP(3) NOT NULL, price INT,"
                            + " WATERMARK FOR bidtime AS bidtime - INTERVAL '1' MINUTE)"
                            + with("bids3", "json"));
            ContinuousQuery query =
                    start(
                            engine,
                            "SELECT window_start, window_end, COUNT(*) AS n, SUM(price) AS total"
                                    + " FROM TABLE(TUMBLE(TABLE bids3, DESCRIPTOR(bidtime),"
                                    + " INTERVAL '10' MINUTE))"
                                    + " GROUP BY window_start, window_end"
                                    + " EMIT STREAM AFTER WATERMARK");
            Job job = query.job().orElseThrow();
            // Partitions 0 and 1 run past 8:10; partition 2 has said nothing yet.
            kafka.produce("bids3", 0, List.of(bid("08:01", 1), bid("08:05", 2), bid("08:12", 4)));
            kafka.produce("bids3", 1, List.of(bid("08:02", 8), bid("08:14", 16)));
            awaitRead(job, 5);
            assertThat(query.next(0, TimeUnit.MILLISECONDS)).isEmpty();
            // Partition 2 lags: its 8:03 still counts, where one watermark for the whole topic
            // (8:14 - 1 min) would have closed [8:00, 8:10) and dropped it as late.
            kafka.produce("bids3", 2, List.of(bid("08:03", 32)));
            awaitRead(job, 6);
            assertThat(query.next(0, TimeUnit.MILLISECONDS)).isEmpty();
            // Partition 2 passes 8:11 too: the minimum is 8:12 - 1 min, and [8:00, 8:10) fires.
            kafka.produce("bids3", 2, List.of(bid("08:13", 64)));
            assertThat(take(query, 1, 5))
                    .containsExactly(
                            ts("2026-01-01 08:00:00")
                                    + " "
                                    + ts("2026-01-01 08:10:00")
                                    + " 4 43 false");
            awaitRead(job, 7);
            assertThat(query.next(0, TimeUnit.MILLISECONDS)).isEmpty();
            kafka.produce("bids3", 0, List.of(bid("08:25", 0)));
            kafka.produce("bids3", 1, List.of(bid("08:26", 0)));
            awaitRead(job, 9);
            assertThat(query.next(0, TimeUnit.MILLISECONDS)).isEmpty(); // partition 2 at 8:13
            kafka.produce("bids3", 2, List.of(bid("08:22", 0)));
            assertThat(take(query, 1, 5))
                    .containsExactly(
                            ts("2026-01-01 08:10:00")
                                    + " "
                                    + ts("2026-01-01 08:20:00")
                                    + " 3 84 false");
            assertThat(sourceMetrics(job).watermark())
                    .isEqualTo(Long.parseLong(ts("2026-01-01 08:21:00")));
            query.cancel();
        }
    }

    private static String bid(String time, int price) {
        return "{\"bidtime\": \"2026-01-01 " + time + ":00\", \"price\": " + price + "}";
    }

    @Test
    void anIdlePartitionStopsHoldingTheWatermarkBackAfterTheTimeout() throws Exception {
        kafka.createTopic("idle2", 2);
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM idle2 (bidtime TIMESTAMP(3) NOT NULL, price INT,"
                            + " WATERMARK FOR bidtime AS bidtime)"
                            + with("idle2", "json", "'scan.watermark.idle-timeout' = '200ms'"));
            ContinuousQuery query =
                    start(
                            engine,
                            "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE idle2,"
                                    + " DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))"
                                    + " GROUP BY window_start, window_end"
                                    + " EMIT STREAM AFTER WATERMARK");
            kafka.produce("idle2", 0, List.of(bid("08:01", 1), bid("08:11", 1)));
            // Partition 1 never writes: after 200 ms it no longer counts, and the window fires.
            assertThat(take(query, 1, 3)).containsExactly(ts("2026-01-01 08:00:00") + " 1 false");
            query.cancel();
        }
    }

    @Test
    void startupModesEarliestLatestAndCommitted() throws Exception {
        kafka.createTopic("modes", 1);
        kafka.produce("modes", 0, List.of("{\"v\": 1}", "{\"v\": 2}", "{\"v\": 3}"));
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            engine.execute("CREATE STREAM early (v INT)" + with("modes", "json"));
            engine.execute(
                    "CREATE STREAM late (v INT)"
                            + with("modes", "json", "'scan.startup.mode' = 'latest'"));
            engine.execute(
                    "CREATE STREAM grouped (v INT)"
                            + with(
                                    "modes",
                                    "json",
                                    "'scan.startup.mode' = 'committed'",
                                    "'properties.group.id' = 'weir-test-modes'"));
            ContinuousQuery early = start(engine, "SELECT v FROM early EMIT STREAM");
            assertThat(take(early, 3, 1)).containsExactly("1", "2", "3");
            ContinuousQuery late = start(engine, "SELECT v FROM late EMIT STREAM");
            assertThat(late.job().orElseThrow().awaitCaughtUp(30_000)).isTrue();
            // A group without offsets starts from the beginning; its view commits at checkpoints.
            engine.execute("CREATE MATERIALIZED VIEW total AS SELECT SUM(v) AS s FROM grouped");
            await(() -> rows(engine, "SELECT s FROM total").equals(List.of("6")), "the view's sum");
            engine.checkpoint();
            assertThat(kafka.committedOffsets("weir-test-modes", "modes", 1))
                    .isEqualTo(Map.of(0, 3L));
            kafka.produce("modes", 0, List.of("{\"v\": 4}", "{\"v\": 5}"));
            assertThat(take(late, 2, 1)).containsExactly("4", "5");
            ContinuousQuery committed = start(engine, "SELECT v FROM grouped EMIT STREAM");
            assertThat(take(committed, 2, 1)).containsExactly("4", "5");
            early.cancel();
            late.cancel();
            committed.cancel();
        }
    }

    private static List<String> rows(Engine engine, String sql) {
        return ((StatementResult.Rows) engine.execute(sql))
                .rows().stream()
                        .map(r -> String.join(" ", Arrays.stream(r).map(String::valueOf).toList()))
                        .toList();
    }

    /** Stops a persistent query's job as a crash would: no last checkpoint, nothing committed. */
    private static void crash(Engine engine, String queryId) throws Exception {
        Job job = engine.persistentQueries().get(queryId);
        job.cancel();
        job.join(30_000);
    }

    @Test
    void aMaterializedViewOverKafkaResumesAfterACrashWithNothingLostOrDoubled() throws Exception {
        kafka.createTopic("mv-events", 2);
        String stream =
                "CREATE STREAM events (k VARCHAR, v INT, t TIMESTAMP(3) NOT NULL,"
                        + " WATERMARK FOR t AS t)"
                        + with("mv-events", "csv");
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            engine.execute(stream);
            engine.execute(
                    "CREATE MATERIALIZED VIEW per_key AS"
                            + " SELECT k, COUNT(*) AS n, SUM(v) AS total FROM events GROUP BY k");
            kafka.produce(
                    "mv-events", 0, List.of("a,1,2026-01-01 08:00:00", "b,2,2026-01-01 08:00:01"));
            kafka.produce("mv-events", 1, List.of("a,4,2026-01-01 08:00:02"));
            await(
                    () ->
                            rows(engine, "SELECT k, n, total FROM per_key ORDER BY k")
                                    .equals(List.of("a 2 5", "b 1 2")),
                    "the first rows");
            assertThat(engine.checkpoint()).isEqualTo(1);
            kafka.produce("mv-events", 0, List.of("b,8,2026-01-01 08:00:03"));
            kafka.produce(
                    "mv-events",
                    1,
                    List.of("c,16,2026-01-01 08:00:04", "a,32,2026-01-01 08:00:05"));
            await(
                    () ->
                            rows(engine, "SELECT k, n, total FROM per_key ORDER BY k")
                                    .equals(List.of("a 3 37", "b 2 10", "c 1 16")),
                    "the rows after the checkpoint");
            crash(engine, "mv_per_key");
        }
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            // Restored from checkpoint 1 (a 2 5, b 1 2), the three rows after it read again.
            await(
                    () ->
                            rows(engine, "SELECT k, n, total FROM per_key ORDER BY k")
                                    .equals(List.of("a 3 37", "b 2 10", "c 1 16")),
                    "the view after the restart");
            kafka.produce("mv-events", 1, List.of("c,64,2026-01-01 08:00:06"));
            await(
                    () ->
                            rows(engine, "SELECT k, n, total FROM per_key ORDER BY k")
                                    .equals(List.of("a 3 37", "b 2 10", "c 2 80")),
                    "a row after the restart");
            Job job = engine.persistentQueries().get("mv_per_key");
            assertThat(job.awaitCaughtUp(30_000)).isTrue();
            assertThat(sourceMetrics(job).rowsIn()).isEqualTo(4); // 3 replayed + 1 new
            assertThat(rows(engine, "SELECT k, n, total FROM per_key ORDER BY k"))
                    .containsExactly("a 3 37", "b 2 10", "c 2 80");
        }
    }

    @Test
    void insertIntoAKafkaStreamWritesEachRowOnceAcrossACrash() throws Exception {
        kafka.createTopic("enriched", 1);
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            engine.execute("CREATE STREAM orders (id INT, amount DECIMAL(8, 2), note VARCHAR)");
            engine.execute(
                    "CREATE STREAM big_orders (id INT, doubled DECIMAL(9, 2), note VARCHAR)"
                            + with("enriched", "json"));
            StatementResult.Update started =
                    (StatementResult.Update)
                            engine.execute(
                                    "INSERT INTO big_orders SELECT id, amount * 2, note FROM"
                                            + " orders WHERE amount > 10");
            assertThat(started.message()).contains("insert_1");
            engine.execute(
                    "INSERT INTO orders VALUES (1, 5.00, 'small'), (2, 12.50, 'x,y'),"
                            + " (3, 40.00, NULL)");
            Job job = engine.persistentQueries().get("insert_1");
            awaitRead(job, 3);
            // Written in a transaction that commits with the next checkpoint: not visible yet.
            assertThat(kafka.readCommitted("enriched")).isEmpty();
            engine.checkpoint();
            List<String> firstTwo =
                    List.of(
                            "0:{\"id\":2,\"doubled\":25.00,\"note\":\"x,y\"}",
                            "0:{\"id\":3,\"doubled\":80.00,\"note\":null}");
            assertThat(committedRecords("enriched", firstTwo)).isEqualTo(firstTwo);
            engine.execute("INSERT INTO orders VALUES (4, 11.00, 'after'), (5, 1.00, 'no')");
            awaitRead(job, 5);
            crash(engine, "insert_1"); // its open transaction (order 4) is never committed
        }
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER, 0)) {
            Job job = engine.persistentQueries().get("insert_1");
            awaitRead(job, 2); // orders 4 and 5, replayed from checkpoint 1
            engine.execute("INSERT INTO orders VALUES (6, 99.99, 'new')");
            awaitRead(job, 3);
            engine.checkpoint();
            List<String> all =
                    List.of(
                            "0:{\"id\":2,\"doubled\":25.00,\"note\":\"x,y\"}",
                            "0:{\"id\":3,\"doubled\":80.00,\"note\":null}",
                            "0:{\"id\":4,\"doubled\":22.00,\"note\":\"after\"}",
                            "0:{\"id\":6,\"doubled\":199.98,\"note\":\"new\"}");
            assertThat(committedRecords("enriched", all)).isEqualTo(all);
            // ...and read back through a Kafka stream of the same topic.
            engine.execute(
                    "CREATE STREAM reread (id INT, doubled DECIMAL(9, 2), note VARCHAR)"
                            + with("enriched", "json"));
            ContinuousQuery reread =
                    start(engine, "SELECT id, doubled, note FROM reread EMIT STREAM");
            assertThat(take(reread, 4, 3))
                    .containsExactly(
                            "2 25.00 x,y", "3 80.00 null", "4 22.00 after", "6 199.98 new");
            reread.cancel();
        }
    }

    @Test
    void insertValuesIntoAKafkaStreamIsCommittedBeforeItReturns() throws Exception {
        kafka.createTopic("values-out", 1);
        try (Engine engine = Engine.inMemory()) {
            engine.execute(
                    "CREATE STREAM sink_out (t TIMESTAMP(3), ok BOOLEAN, d DATE, name VARCHAR)"
                            + with("values-out", "csv"));
            StatementResult.Update result =
                    (StatementResult.Update)
                            engine.execute(
                                    "INSERT INTO sink_out VALUES (TIMESTAMP '2026-01-01 08:07:00.5',"
                                            + " TRUE, DATE '2026-02-03', ''),"
                                            + " (NULL, FALSE, NULL, 'a \"b\"')");
            assertThat(result.count()).isEqualTo(2);
            List<String> expected =
                    List.of(
                            "0:2026-01-01 08:07:00.500,true,2026-02-03,\"\"",
                            "0:,false,,\"a \"\"b\"\"\"");
            assertThat(committedRecords("values-out", expected)).isEqualTo(expected);
        }
    }

    @Test
    void optionsAreCheckedWithoutTheNetworkAndAnUnreachableBrokerFailsTheQueryClearly()
            throws Exception {
        try (Engine engine = Engine.inMemory()) {
            assertThatThrownBy(
                            () ->
                                    engine.execute(
                                            "CREATE STREAM s (v INT) WITH ('connector' = 'kafka',"
                                                    + " 'bootstrap.servers' = 'x:1', 'format' ="
                                                    + " 'json')"))
                    .isInstanceOf(WeirException.class)
                    .hasMessageContaining("Option 'topic' is required for connector 'kafka'.")
                    .extracting(e -> ((WeirException) e).code())
                    .isEqualTo(ErrorCode.INVALID_OPTION);
            assertThatThrownBy(
                            () ->
                                    engine.execute(
                                            "CREATE STREAM s (v INT)"
                                                    + with(
                                                            "t",
                                                            "json",
                                                            "'scan.startup.mode' = 'committed'")))
                    .hasMessageContaining("Option 'properties.group.id' is required");
            assertThatThrownBy(
                            () ->
                                    engine.execute(
                                            "CREATE STREAM s (v INT)"
                                                    + with(
                                                            "t",
                                                            "json",
                                                            "'scan.startup.mode' = 'first'")))
                    .hasMessageContaining(
                            "Option 'scan.startup.mode' must be one of committed, earliest,"
                                    + " latest, not 'first'.");
            assertThatThrownBy(
                            () ->
                                    engine.execute(
                                            "CREATE STREAM s (v INT)"
                                                    + with("t", "json", "'properties.acks' = '1'")))
                    .hasMessageContaining("Option 'properties.acks' cannot be set");
            assertThatThrownBy(() -> engine.execute("CREATE STREAM s (v INT)" + with("t", "avro")))
                    .hasMessageContaining("Option 'format' must be one of csv, json");
            // Nothing listens on port 1: CREATE STREAM does not try; the query fails in 1 s.
            engine.execute(
                    "CREATE STREAM nowhere (v INT) WITH ('connector' = 'kafka', 'topic' = 't',"
                            + " 'bootstrap.servers' = '127.0.0.1:1', 'format' = 'json',"
                            + " 'properties.default.api.timeout.ms' = '1000')");
            assertThatThrownBy(() -> engine.execute("SELECT v FROM nowhere"))
                    .hasMessageContaining("EMIT STREAM");
            ContinuousQuery query = start(engine, "SELECT v FROM nowhere EMIT STREAM");
            assertThatThrownBy(() -> query.next(60, TimeUnit.SECONDS))
                    .isInstanceOf(WeirException.class)
                    .hasMessage(
                            "Cannot reach the Kafka brokers at '127.0.0.1:1' to read the topic"
                                    + " 't' within 1000 ms; check 'bootstrap.servers' and that the"
                                    + " brokers are up.");
            engine.execute("CREATE STREAM missing (v INT)" + with("no-such-topic", "json"));
            ContinuousQuery absent = start(engine, "SELECT v FROM missing EMIT STREAM");
            assertThatThrownBy(() -> absent.next(60, TimeUnit.SECONDS))
                    .hasMessage(
                            "The Kafka topic 'no-such-topic' does not exist at '"
                                    + kafka.bootstrapServers()
                                    + "'.");
        }
    }
}
