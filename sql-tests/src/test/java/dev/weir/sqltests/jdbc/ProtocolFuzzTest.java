package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.error.ErrorCode;
import dev.weir.engine.Engine;
import dev.weir.server.http.Users;
import dev.weir.server.http.WeirHttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.TypedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded garbage at Avatica's endpoints ({@code POST /}, protobuf, and {@code POST /json}) while
 * five well-behaved clients run continuous queries whose rows are known (three read a stream, one a
 * windowed aggregate over another, one a filter): random bytes and text, Avatica envelopes around
 * junk, well-formed requests with nonsense ids, requests with the well-behaved clients' own ids,
 * mutated, truncated and oversized requests, and a session of the fuzzer's own that runs random
 * statements. Each answer is an Avatica response or Avatica error that says what is wrong, never an
 * internal error or a stack trace; afterwards every client has exactly the rows a direct
 * computation gives, the fuzzer's connections and queries are gone, and so are its threads and the
 * heap they used (the server runs in this JVM: see {@link #HEAP_MARGIN_BYTES}).
 *
 * <p>10,000 requests by default, the issue's scale; {@code -Dweir.fuzz.requests=...} runs more or
 * fewer, {@code -Dweir.fuzz.seed=...} others.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ProtocolFuzzTest {
    private static final int REQUESTS = Integer.getInteger("weir.fuzz.requests", 10_000);
    private static final long SEED = Long.getLong("weir.fuzz.seed", 20_261_207L);
    private static final int ROWS = 300;

    /** Requests before the heap and threads are measured: see {@link #HEAP_MARGIN_BYTES}. */
    private static final int WARM_UP_REQUESTS = 500;

    private static final ProtobufTranslation PROTOBUF = new ProtobufTranslationImpl();
    private static final String MALLORY = basic("mallory", "m4llory");

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A well-behaved reader of the stream, and the ids it holds on the server. */
    private record Reader(Connection connection, Statement statement) {
        String connectionId() throws SQLException {
            return connection.unwrap(AvaticaConnection.class).handle.id;
        }

        int statementId() throws SQLException {
            return statement.unwrap(AvaticaStatement.class).getId();
        }
    }

    @Test
    void garbageAndStrangersIdsChangeNothingForWellBehavedClients() throws Exception {
        try (Engine engine = Engine.inMemory();
                WeirHttpServer server =
                        new WeirHttpServer(
                                engine,
                                Optional.of(
                                        Users.of(
                                                Map.of(
                                                        "alice", "4lice",
                                                        "bob", "b0b",
                                                        "mallory", "m4llory"))))) {
            int port = server.start("127.0.0.1", 0);
            engine.execute("CREATE STREAM nums (v INT)");
            engine.execute(
                    "CREATE STREAM ticks (k INT NOT NULL, v INT NOT NULL, ts TIMESTAMP(3) NOT NULL,"
                            + " WATERMARK FOR ts AS ts)");
            String base = "127.0.0.1:" + port;
            List<Reader> readers = new ArrayList<>();
            for (String url :
                    List.of(
                            "jdbc:weir://" + base + "?user=alice&password=4lice",
                            "jdbc:avatica:remote:url=http://"
                                    + base
                                    + ";serialization=protobuf;authentication=BASIC;"
                                    + "avatica_user=bob;avatica_password=b0b",
                            "jdbc:avatica:remote:url=http://"
                                    + base
                                    + "/json;serialization=json;authentication=BASIC;"
                                    + "avatica_user=alice;avatica_password=4lice")) {
                Connection c = DriverManager.getConnection(url);
                readers.add(new Reader(c, c.createStatement()));
            }
            Reader windowed = reader("jdbc:weir://" + base + "?user=bob&password=b0b");
            Reader projected =
                    reader(
                            "jdbc:avatica:remote:url=http://"
                                    + base
                                    + "/json;serialization=json;authentication=BASIC;"
                                    + "avatica_user=bob;avatica_password=b0b");
            List<Reader> wellBehaved = new ArrayList<>(readers);
            wellBehaved.add(windowed);
            wellBehaved.add(projected);
            List<String> victimConnections = new ArrayList<>();
            List<Integer> victimStatements = new ArrayList<>();
            for (Reader r : wellBehaved) {
                victimConnections.add(r.connectionId());
                victimStatements.add(r.statementId());
            }
            Fuzzer fuzzer = new Fuzzer(new Random(SEED), victimConnections, victimStatements);
            // Warm up (every event loop, a first fuzz connection), then count threads.
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 2; i++) {
                try (RawHttp http = new RawHttp(port)) {
                    assertThat(http.send("GET", "/health", new byte[0]).status()).isEqualTo(200);
                }
            }
            // Warm up the fuzzer's paths too, and the well-behaved queries' operators (as
            // snapshots, over streams still empty), so that what the server loads on first use
            // (classes, reflection data, generated code) is in the heap before it is measured.
            RawHttp warming = new RawHttp(port, MALLORY);
            for (int i = 0; i < WARM_UP_REQUESTS; i++) {
                warming = fuzzer.check(fuzzer.next(), warming, port);
            }
            warming.close();
            engine.execute(WINDOWED.replace(" EMIT STREAM AFTER WATERMARK", ""));
            engine.execute(FILTERED.replace(" EMIT STREAM", ""));
            long heapBefore = heapUsedAfterGc();
            int threadsBefore = threadsOutsidePools();

            ExecutorService clients = Executors.newCachedThreadPool();
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            List<List<Integer>> read = new ArrayList<>();
            for (Reader r : readers) {
                List<Integer> rows = Collections.synchronizedList(new ArrayList<>());
                read.add(rows);
                // Avatica's client waits in executeQuery for a first row: each reader its thread.
                clients.submit(
                        () ->
                                readAll(
                                        r.statement()
                                                .executeQuery("SELECT v FROM nums EMIT STREAM"),
                                        rows));
            }
            // A fourth client: a windowed aggregate, each window's rows once, when complete.
            List<String> windows = Collections.synchronizedList(new ArrayList<>());
            clients.submit(
                    () ->
                            readAll(
                                    windowed.statement().executeQuery(WINDOWED),
                                    expectedWindows().size(),
                                    rs ->
                                            rs.getInt(1)
                                                    + " "
                                                    + rs.getLong(2)
                                                    + " "
                                                    + rs.getLong(3)
                                                    + " "
                                                    + rs.getInt(4),
                                    windows));
            // A fifth: a filter and a projection, over Avatica's JSON client.
            List<String> filtered = Collections.synchronizedList(new ArrayList<>());
            clients.submit(
                    () ->
                            readAll(
                                    projected.statement().executeQuery(FILTERED),
                                    expectedFiltered().size(),
                                    rs -> String.valueOf(rs.getInt(1)),
                                    filtered));
            Future<?> writer = clients.submit(() -> write(base));
            AtomicInteger churns = new AtomicInteger();
            Future<?> churner = clients.submit(() -> churn(base, fuzzing, churns));
            long started = System.nanoTime();
            try (RawHttp http = new RawHttp(port, MALLORY)) {
                RawHttp current = http;
                for (int i = 0; i < REQUESTS; i++) {
                    current = fuzzer.check(fuzzer.next(), current, port);
                }
                current.close();
            }
            long fuzzMillis = (System.nanoTime() - started) / 1_000_000;
            fuzzing.set(false);
            writer.get(60, TimeUnit.SECONDS);
            churner.get(60, TimeUnit.SECONDS);
            List<Integer> expected = IntStream.rangeClosed(1, ROWS).boxed().toList();
            long readDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (read.stream().anyMatch(rows -> rows.size() < ROWS)
                    && System.nanoTime() < readDeadline) {
                Thread.sleep(50);
            }
            while ((windows.size() < expectedWindows().size()
                            || filtered.size() < expectedFiltered().size())
                    && System.nanoTime() < readDeadline) {
                Thread.sleep(50);
            }
            for (int i = 0; i < readers.size(); i++) {
                assertThat(List.copyOf(read.get(i))).as("reader %d", i).isEqualTo(expected);
            }
            // A window's rows come out together, in no stated order: compared sorted.
            assertThat(windows.stream().sorted().toList())
                    .as("windowed client")
                    .isEqualTo(expectedWindows().stream().sorted().toList());
            assertThat(List.copyOf(filtered)).as("filtering client").isEqualTo(expectedFiltered());
            assertThat(churns.get()).isPositive();
            System.out.printf(
                    "protocol fuzz: %d requests in %d ms, answers by status %s, %d churned"
                            + " connections, slowest %d ms (%s)%n",
                    REQUESTS,
                    fuzzMillis,
                    fuzzer.statuses,
                    churns.get(),
                    fuzzer.slowestMillis,
                    fuzzer.slowest);

            // The fuzzer's connections, closed, take their statements and queries with them.
            try (RawHttp http = new RawHttp(port, MALLORY)) {
                for (String id : fuzzer.opened) {
                    RawHttp.Answer closed =
                            http.send(
                                    "POST",
                                    "/",
                                    PROTOBUF.serializeRequest(
                                            new Service.CloseConnectionRequest(id)));
                    assertThat(closed.status()).isEqualTo(200);
                }
            }
            assertThat(server.meta().connectionCount()).isEqualTo(wellBehaved.size());
            assertThat(engine.continuousQueries().running()).hasSize(wellBehaved.size());
            for (Reader r : wellBehaved) {
                // Every reader's connection still works and closes cleanly.
                try (Statement s = r.connection().createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nums")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(ROWS + 1);
                }
                r.connection().close();
            }
            assertThat(server.meta().connectionCount()).isZero();
            assertThat(engine.continuousQueries().running()).isEmpty();
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (threadsOutsidePools() > threadsBefore && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(threadsOutsidePools()).isLessThanOrEqualTo(threadsBefore);
            long heapAfter = heapUsedAfterGc();
            System.out.printf(
                    "protocol fuzz: heap used after GC %d KiB before the fuzzing, %d KiB after"
                            + " (margin %d KiB)%n",
                    heapBefore >> 10, heapAfter >> 10, HEAP_MARGIN_BYTES >> 10);
            assertThat(heapAfter).isLessThanOrEqualTo(heapBefore + HEAP_MARGIN_BYTES);
        }
    }

    private static Reader reader(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        return new Reader(c, c.createStatement());
    }

    private static final String WINDOWED =
            "SELECT k, COUNT(*) AS n, SUM(v) AS total, MIN(v) AS lo FROM TABLE(TUMBLE(TABLE ticks,"
                    + " DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end"
                    + " EMIT STREAM AFTER WATERMARK";

    private static final String FILTERED =
            "SELECT v * 2 AS d FROM nums WHERE MOD(v, 3) = 1 EMIT STREAM";

    /**
     * The windowed client's rows, computed directly: tick {@code v} (1..ROWS) has key {@code v % 3}
     * and time {@code v} seconds, and the last tick, at 1,000 s, completes every window up to the
     * one of {@code ROWS}; per key and 10-second window its count, sum and least value.
     */
    private static List<String> expectedWindows() {
        Map<String, long[]> byWindowAndKey = new TreeMap<>();
        for (int v = 1; v <= ROWS; v++) {
            long[] agg =
                    byWindowAndKey.computeIfAbsent(
                            (v / 10) + "/" + (v % 3), w -> new long[] {0, 0, Long.MAX_VALUE});
            agg[0]++;
            agg[1] += v;
            agg[2] = Math.min(agg[2], v);
        }
        List<String> rows = new ArrayList<>();
        byWindowAndKey.forEach(
                (w, agg) ->
                        rows.add(
                                w.substring(w.indexOf('/') + 1)
                                        + " "
                                        + agg[0]
                                        + " "
                                        + agg[1]
                                        + " "
                                        + agg[2]));
        return rows;
    }

    /**
     * The filtering client's rows: {@code 2 v} for each {@code v} of 1..ROWS with {@code v % 3 =
     * 1}. ROWS + 1 passes the filter too, for Avatica's client to read ahead on.
     */
    private static List<String> expectedFiltered() {
        return IntStream.rangeClosed(1, ROWS)
                .filter(v -> v % 3 == 1)
                .mapToObj(v -> String.valueOf(2 * v))
                .toList();
    }

    /**
     * How far the heap used after a full GC may end above where it was before the fuzzing. The
     * server runs in this JVM, so a leak of per-request or per-connection state (statements,
     * results, Netty buffers held on the heap, closed connections' sessions) shows here: at a KiB a
     * request, the 10,000 requests would leave about 10 MiB. What may stay legitimately: the plan
     * cache (bounded) filled by the fuzzer's own statements, classes and lambdas loaded on first
     * use of a code path (metaspace, not heap, mostly), the request pool's idle threads' stacks
     * (off heap), and the JIT's and JDBC drivers' small caches. Measured with only 50 warm-up
     * requests, the heap grew 5.8 MiB over 2,000 requests and 6.3 MiB over 10,000: not with the
     * requests but with first use (3,227 more classes loaded, their methods and reflection data,
     * and 2.3 MiB of byte and char arrays). Hence {@value #WARM_UP_REQUESTS} warm-up requests and
     * the queries' operators run once before measuring, and 8 MiB, which bounds what first use may
     * still add and is below what a per-request leak at this scale would leave.
     */
    private static final long HEAP_MARGIN_BYTES = 8L << 20;

    /** The heap used after full collections, settled: the least of a few. */
    private static long heapUsedAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            least =
                    Math.min(
                            least,
                            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /**
     * Live threads but the request pool's, which keeps idle threads for a while by design (and is
     * bounded), and the one thread that times queries out, started once for the process.
     */
    private static int threadsOutsidePools() {
        return (int)
                Arrays.stream(
                                ManagementFactory.getThreadMXBean()
                                        .getThreadInfo(
                                                ManagementFactory.getThreadMXBean()
                                                        .getAllThreadIds()))
                        .filter(
                                t ->
                                        t != null
                                                && !t.getThreadName().startsWith("weir-request-")
                                                && !t.getThreadName().equals("weir-query-timeouts"))
                        .count();
    }

    private static Void readAll(ResultSet rs, List<Integer> values) throws SQLException {
        while (values.size() < ROWS && rs.next()) {
            values.add(rs.getInt(1));
        }
        return null;
    }

    /** A row of a result as text. */
    private interface RowText {
        String of(ResultSet rs) throws SQLException;
    }

    private static Void readAll(ResultSet rs, int count, RowText text, List<String> rows)
            throws SQLException {
        while (rows.size() < count && rs.next()) {
            rows.add(text.of(rs));
        }
        return null;
    }

    /** Writes 1..ROWS, ten a statement, through the server, and one more. */
    private static Void write(String base) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:weir://" + base, "bob", "b0b");
                Statement s = c.createStatement()) {
            for (int v = 1; v <= ROWS; v += 10) {
                StringBuilder insert = new StringBuilder("INSERT INTO nums VALUES ");
                for (int i = v; i < v + 10; i++) {
                    insert.append(i == v ? "" : ", ").append('(').append(i).append(')');
                }
                assertThat(s.executeUpdate(insert.toString())).isEqualTo(10);
                StringBuilder ticks = new StringBuilder("INSERT INTO ticks VALUES ");
                for (int i = v; i < v + 10; i++) {
                    ticks.append(i == v ? "" : ", ").append(tick(i % 3, i, i));
                }
                assertThat(s.executeUpdate(ticks.toString())).isEqualTo(10);
                Thread.sleep(20);
            }
            // Completes every window up to the one of ROWS, and opens one that never completes.
            assertThat(s.executeUpdate("INSERT INTO ticks VALUES " + tick(0, 0, 1_000)))
                    .isEqualTo(1);
            // One more, which nobody checks: Avatica's own client reads a row ahead, so it gives
            // a continuous result's row only when the next one is there.
            assertThat(s.executeUpdate("INSERT INTO nums VALUES (" + (ROWS + 1) + ")"))
                    .isEqualTo(1);
        }
        return null;
    }

    /** A row of {@code ticks}: key, value and {@code seconds} after 2026-01-01 00:00:00. */
    private static String tick(int k, int v, int seconds) {
        return "("
                + k
                + ", "
                + v
                + ", TIMESTAMP '"
                + LocalDateTime.of(2026, 1, 1, 0, 0)
                        .plusSeconds(seconds)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                + "')";
    }

    /** Opens, uses and closes connections for as long as the fuzzing lasts. */
    private static Void churn(String base, AtomicBoolean fuzzing, AtomicInteger churns)
            throws Exception {
        long last = 0;
        while (fuzzing.get()) {
            try (Connection c =
                            DriverManager.getConnection(
                                    "jdbc:avatica:remote:url=http://"
                                            + base
                                            + ";serialization=protobuf;authentication=BASIC;"
                                            + "avatica_user=alice;avatica_password=4lice");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM nums")) {
                assertThat(rs.next()).isTrue();
                long count = rs.getLong(1);
                assertThat(count).isBetween(last, ROWS + 1L);
                last = count;
            }
            churns.incrementAndGet();
        }
        return null;
    }

    /** One fuzz request: its kind, where it goes, its body and credentials. */
    private record Request(String kind, String path, byte[] body, String authorization) {}

    /** Makes seeded requests and checks their answers. */
    private static final class Fuzzer {
        private final Random random;
        private final List<String> victimConnections;
        private final List<Integer> victimStatements;

        /** Connections the fuzzer opened (as mallory), to close at the end. */
        final List<String> opened = Collections.synchronizedList(new ArrayList<>());

        /** Its own statements, by connection. */
        private final List<Integer> ownStatements = new ArrayList<>();

        final Map<Integer, Integer> statuses = new TreeMap<>();
        long slowestMillis;
        String slowest = "";
        private int made;

        Fuzzer(Random random, List<String> victimConnections, List<Integer> victimStatements) {
            this.random = random;
            this.victimConnections = victimConnections;
            this.victimStatements = victimStatements;
        }

        Request next() throws IOException {
            made++;
            if (made % 997 == 0) {
                // Over the size limit: refused from its Content-Length.
                return new Request(
                        "oversized",
                        "/",
                        new byte[0], // announced only: see check
                        MALLORY);
            }
            int kind = random.nextInt(100);
            if (kind < 10) {
                byte[] body = new byte[random.nextInt(2048)];
                random.nextBytes(body);
                return new Request("bytes", random.nextBoolean() ? "/" : "/json", body, MALLORY);
            }
            if (kind < 18) {
                return new Request("text", "/json", utf8(randomText()), MALLORY);
            }
            if (kind < 28) {
                return envelope();
            }
            if (kind < 45) {
                return serialized("nonsense ids", request(nonsenseConnection(), nonsenseId()));
            }
            if (kind < 58) {
                int victim = random.nextInt(victimConnections.size());
                return serialized(
                        "victim ids",
                        request(
                                victimConnections.get(victim),
                                random.nextBoolean()
                                        ? victimStatements.get(victim)
                                        : victimStatements.get(
                                                random.nextInt(victimStatements.size()))));
            }
            if (kind < 70) {
                Request valid = serialized("mutated", ownRequest());
                return new Request("mutated", valid.path(), mutate(valid.body()), MALLORY);
            }
            if (kind < 78) {
                Request valid = serialized("truncated", ownRequest());
                byte[] body = valid.body();
                return new Request(
                        "truncated",
                        valid.path(),
                        Arrays.copyOf(body, random.nextInt(Math.max(body.length, 1))),
                        MALLORY);
            }
            if (kind < 81) {
                Request valid = serialized("credentials", ownRequest());
                String authorization =
                        switch (random.nextInt(3)) {
                            case 0 -> null;
                            case 1 -> basic("mallory", "wrong");
                            default -> "Basic " + printable(random.nextInt(60));
                        };
                return new Request("credentials", valid.path(), valid.body(), authorization);
            }
            if (kind < 83) {
                // Large, not over the limit: a statement of a megabyte.
                String sql = "SELECT " + "(".repeat(random.nextInt(200_000)) + "1";
                return serialized(
                        "large",
                        new Service.PrepareAndExecuteRequest(
                                ownConnection(), ownStatement(), sql, -1, -1));
            }
            return serialized("own session", ownRequest());
        }

        /** Sends {@code request} on {@code http} (or a new connection) and checks the answer. */
        RawHttp check(Request request, RawHttp http, int port) throws IOException {
            RawHttp.Answer answer;
            RawHttp using = http;
            long sent = System.nanoTime();
            if (request.authorization() != MALLORY) {
                try (RawHttp other = new RawHttp(port, request.authorization())) {
                    answer = other.send("POST", request.path(), request.body());
                }
            } else if (request.kind().equals("oversized")) {
                // Refused from its Content-Length, and the connection closed: the body is not
                // sent.
                http.close();
                try (RawHttp other = new RawHttp(port, MALLORY)) {
                    answer =
                            other.sendHead(
                                    "POST", request.path(), WeirHttpServer.MAX_REQUEST_BYTES + 1L);
                }
                using = new RawHttp(port, MALLORY);
            } else {
                answer = http.send("POST", request.path(), request.body());
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            long took = (System.nanoTime() - sent) / 1_000_000;
            if (took > slowestMillis) {
                slowestMillis = took;
                slowest = request.kind() + " " + decodeQuietly(request);
            }
            String what =
                    request.kind()
                            + " #"
                            + made
                            + " to "
                            + request.path()
                            + " ("
                            + decodeQuietly(request)
                            + ")";
            switch (answer.status()) {
                case 200 -> {
                    Service.Response response = decode(request.path(), answer.body());
                    assertThat(response).as(what).isNotInstanceOf(Service.ErrorResponse.class);
                    noteOpened(request, response);
                }
                case 400 -> {
                    Service.ErrorResponse error = error(request.path(), answer.body(), what);
                    assertThat(error.errorCode).as(what).isEqualTo(30);
                    assertThat(error.sqlState).as(what).isEqualTo("08P01");
                }
                case 401 -> {
                    assertThat(request.authorization()).as(what).isNull();
                    assertThat(error(request.path(), answer.body(), what).sqlState)
                            .isEqualTo("28000");
                }
                case 413 -> assertThat(request.kind()).as(what).isEqualTo("oversized");
                case 500 -> {
                    Service.ErrorResponse error = error(request.path(), answer.body(), what);
                    assertThat(error.errorCode)
                            .as(what + ": " + error.errorMessage)
                            .isNotIn(
                                    ErrorCode.INTERNAL_ERROR.code(),
                                    Service.ErrorResponse.UNKNOWN_ERROR_CODE);
                    assertThat(error.errorMessage).as(what).isNotBlank();
                    for (String trace : error.exceptions) {
                        assertThat(trace).as(what).doesNotContain("\tat ");
                    }
                }
                default ->
                        throw new AssertionError(
                                what + " answered " + answer.status() + ": " + answer.text());
            }
            return using;
        }

        private void noteOpened(Request request, Service.Response response) throws IOException {
            if (response instanceof Service.OpenConnectionResponse) {
                Service.Request sent = decodeRequest(request.path(), request.body());
                opened.add(((Service.OpenConnectionRequest) sent).connectionId);
            } else if (response instanceof Service.CreateStatementResponse created) {
                ownStatements.add(created.statementId);
            }
        }

        private static String decodeQuietly(Request request) {
            try {
                return String.valueOf(decodeRequest(request.path(), request.body()));
            } catch (IOException | RuntimeException e) {
                return "(undecodable)";
            }
        }

        private static Service.Request decodeRequest(String path, byte[] body) throws IOException {
            return path.equals("/")
                    ? PROTOBUF.parseRequest(body)
                    : JsonService.MAPPER.readValue(
                            new String(body, StandardCharsets.UTF_8), Service.Request.class);
        }

        private static Service.Response decode(String path, byte[] body) throws IOException {
            return path.equals("/")
                    ? PROTOBUF.parseResponse(body)
                    : JsonService.MAPPER.readValue(
                            new String(body, StandardCharsets.UTF_8), Service.Response.class);
        }

        private static Service.ErrorResponse error(String path, byte[] body, String what) {
            Service.Response response;
            try {
                response = decode(path, body);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError(
                        what
                                + " answered what is no Avatica response: "
                                + new String(body, StandardCharsets.UTF_8),
                        e);
            }
            assertThat(response).as(what).isInstanceOf(Service.ErrorResponse.class);
            return (Service.ErrorResponse) response;
        }

        private Request serialized(String kind, Service.Request request) throws IOException {
            if (random.nextBoolean()) {
                try {
                    return new Request(kind, "/", PROTOBUF.serializeRequest(request), MALLORY);
                } catch (NullPointerException e) {
                    // Avatica's protobuf has no null ids; JSON has.
                }
            }
            return new Request(
                    kind, "/json", JsonService.MAPPER.writeValueAsBytes(request), MALLORY);
        }

        /** An Avatica envelope (a request's name) around junk. */
        private Request envelope() {
            String[] names = {
                "openConnection",
                "closeConnection",
                "createStatement",
                "prepareAndExecute",
                "fetch",
                "execute",
                "getTables",
                "connectionSync",
                "prepareAndExecuteBatch",
                "syncResults",
                "commit",
                "closeStatement"
            };
            if (random.nextBoolean()) {
                StringBuilder json =
                        new StringBuilder("{\"request\":\"")
                                .append(names[random.nextInt(names.length)])
                                .append('"');
                for (int i = random.nextInt(6); i > 0; i--) {
                    String[] fields = {
                        "connectionId", "statementId", "sql", "offset", "fetchMaxRowCount",
                        "maxRowCount", "parameterValues", "info", "statementHandle", "state",
                        "connProps", "sqlCommands", "updateBatches"
                    };
                    json.append(",\"")
                            .append(fields[random.nextInt(fields.length)])
                            .append("\":")
                            .append(jsonValue(2));
                }
                return new Request("envelope", "/json", utf8(json.append('}').toString()), MALLORY);
            }
            byte[] junk = new byte[random.nextInt(512)];
            random.nextBytes(junk);
            String name =
                    "org.apache.calcite.avatica.proto.Requests$"
                            + new String[] {
                                        "OpenConnectionRequest",
                                        "PrepareAndExecuteRequest",
                                        "FetchRequest",
                                        "CloseConnectionRequest",
                                        "ExecuteRequest",
                                        "NoSuchRequest"
                                    }
                                    [random.nextInt(6)];
            byte[] wire =
                    org.apache.calcite.avatica.proto.Common.WireMessage.newBuilder()
                            .setName(name)
                            .setWrappedMessage(com.google.protobuf.ByteString.copyFrom(junk))
                            .build()
                            .toByteArray();
            return new Request("envelope", "/", wire, MALLORY);
        }

        private String jsonValue(int depth) {
            return switch (random.nextInt(depth > 0 ? 8 : 5)) {
                case 0 -> Long.toString(random.nextLong());
                case 1 -> "\"" + randomText().replace("\\", "").replace("\"", "") + "\"";
                case 2 -> "null";
                case 3 -> random.nextBoolean() ? "true" : "false";
                case 4 -> Integer.toString(random.nextInt(10) - 3);
                case 5 -> "[" + jsonValue(depth - 1) + "," + jsonValue(depth - 1) + "]";
                case 6 -> "{\"type\":\"" + typeName() + "\",\"value\":" + jsonValue(0) + "}";
                default -> "{\"a\":" + jsonValue(depth - 1) + "}";
            };
        }

        private String typeName() {
            String[] types = {
                "STRING",
                "INTEGER",
                "JAVA_SQL_TIMESTAMP",
                "JAVA_SQL_DATE",
                "JAVA_SQL_TIME",
                "NUMBER",
                "BOOLEAN",
                "BYTE_STRING",
                "ARRAY",
                "PRIMITIVE_LONG",
                "NULL",
                "NOPE"
            };
            return types[random.nextInt(types.length)];
        }

        /** Printable ASCII, what an HTTP header may hold. */
        private String printable(int length) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) (0x21 + random.nextInt(0x5e)));
            }
            return text.toString();
        }

        private String randomText() {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(300); i > 0; i--) {
                int pick = random.nextInt(10);
                text.append(
                        pick < 6
                                ? (char) (0x20 + random.nextInt(0x5f))
                                : pick < 8
                                        ? "{}[]\":,".charAt(random.nextInt(7))
                                        : (char) random.nextInt(0x3000));
            }
            return text.toString();
        }

        private byte[] mutate(byte[] body) {
            byte[] out = body.clone();
            for (int i = 1 + random.nextInt(4); i > 0 && out.length > 0; i--) {
                int at = random.nextInt(out.length);
                switch (random.nextInt(3)) {
                    case 0 -> out[at] = (byte) random.nextInt(256);
                    case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
                    default -> {
                        byte[] shorter = new byte[out.length - 1];
                        System.arraycopy(out, 0, shorter, 0, at);
                        System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                        out = shorter;
                    }
                }
            }
            return out;
        }

        private String nonsenseConnection() {
            return switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> java.util.UUID.randomUUID().toString();
                case 3 -> randomText();
                default -> "x".repeat(random.nextInt(2000));
            };
        }

        private int nonsenseId() {
            return switch (random.nextInt(4)) {
                case 0 -> random.nextInt();
                case 1 -> -1;
                case 2 -> 0;
                default -> random.nextInt(100);
            };
        }

        private String ownConnection() {
            synchronized (opened) {
                return opened.isEmpty() || random.nextInt(10) == 0
                        ? "fuzz-" + random.nextInt(40)
                        : opened.get(random.nextInt(opened.size()));
            }
        }

        private int ownStatement() {
            return ownStatements.isEmpty() || random.nextInt(10) == 0
                    ? random.nextInt(1000)
                    : ownStatements.get(random.nextInt(ownStatements.size()));
        }

        /** A request of the fuzzer's own session: ids it opened (mostly), statements at random. */
        private Service.Request ownRequest() {
            if (random.nextInt(8) == 0) {
                return new Service.OpenConnectionRequest(
                        "fuzz-" + random.nextInt(40),
                        random.nextBoolean()
                                ? Map.of()
                                : Map.of("queryTimeout", random.nextBoolean() ? "1" : "soon"));
            }
            return request(ownConnection(), ownStatement());
        }

        private static final String[] SQL = {
            "SELECT v FROM nums",
            "SELECT COUNT(*) FROM nums",
            // Continuous queries that end: a fetch of a running one waits seconds for rows.
            "SELECT v FROM nums LIMIT 2 EMIT STREAM",
            "SELECT v, COUNT(*) FROM nums GROUP BY v LIMIT 3 EMIT STREAM",
            "INSERT INTO nums VALUES (-1)",
            "CREATE STREAM fuzzed (a INT)",
            "DROP STREAM nums",
            "SELECT ? + 1",
            "SELECT * FROM nowhere",
            "SHOW QUERIES",
            "SELEC 1",
            "SELECT 1/0",
            "",
            "   ;;; ",
            "CANCEL QUERY 'q1'",
            "SELECT CAST('x' AS INT)"
        };

        private String sql() {
            String sql = SQL[random.nextInt(SQL.length)];
            if (sql.startsWith("INSERT") || sql.startsWith("DROP")) {
                // The readers' rows are known: the fuzzer writes to and drops a stream that is
                // not theirs (and not there).
                return sql.replace("nums", "nums_of_nobody");
            }
            return random.nextInt(4) == 0 ? sql + "'" : sql; // an unterminated literal
        }

        /** A well-formed request of a random kind with these ids. */
        private Service.Request request(String connection, int statement) {
            Meta.StatementHandle handle = new Meta.StatementHandle(connection, statement, null);
            return switch (random.nextInt(20)) {
                case 0 -> new Service.CloseConnectionRequest(connection);
                case 1 -> new Service.ConnectionSyncRequest(connection, null);
                case 2 -> new Service.DatabasePropertyRequest(connection);
                case 3, 4 -> new Service.CreateStatementRequest(connection);
                case 5 -> new Service.CloseStatementRequest(connection, statement);
                case 6 -> new Service.PrepareRequest(connection, sql(), -1);
                case 7, 8, 9 ->
                        new Service.PrepareAndExecuteRequest(
                                connection, statement, sql(), random.nextInt(5) - 1, 100);
                case 10, 11 ->
                        new Service.FetchRequest(
                                connection,
                                statement,
                                random.nextInt(10) - 2,
                                random.nextInt(200) - 50);
                case 12 ->
                        new Service.ExecuteRequest(
                                handle,
                                List.of(
                                        TypedValue.ofLocal(
                                                org.apache.calcite.avatica.ColumnMetaData.Rep
                                                        .INTEGER,
                                                random.nextInt())),
                                100);
                case 13 -> new Service.SyncResultsRequest(connection, statement, null, 0);
                case 14 -> new Service.CommitRequest(connection);
                case 15 -> new Service.RollbackRequest(connection);
                case 16 ->
                        new Service.PrepareAndExecuteBatchRequest(
                                connection, statement, List.of(sql(), sql()));
                case 17 ->
                        new Service.ExecuteBatchRequest(
                                connection,
                                statement,
                                List.of(
                                        List.of(
                                                TypedValue.ofLocal(
                                                        org.apache.calcite.avatica.ColumnMetaData
                                                                .Rep.STRING,
                                                        randomText()))));
                case 18 -> new Service.TablesRequest(connection, null, null, "%", null);
                default -> new Service.ColumnsRequest(connection, null, null, "nums", "%");
            };
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
