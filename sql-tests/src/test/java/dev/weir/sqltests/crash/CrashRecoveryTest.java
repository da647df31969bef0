package dev.weir.sqltests.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real server as a separate process, feeds events over JDBC, kills it with SIGKILL at
 * random moments, restarts it, and at the end checks three materialized views (an unbounded GROUP
 * BY, a windowed aggregate under EMIT AFTER WATERMARK, and a view over the first), a persistent
 * {@code INSERT INTO high SELECT ...} and a view over its stream against a reference computed here
 * over every event the stream holds, and checks that every acknowledged event is in the stream.
 * Nothing lost, nothing counted twice.
 *
 * <p>Meanwhile another client creates and drops streams, a materialized view and an INSERT ...
 * SELECT over and over, so that kills land in the middle of those statements too; at the end the
 * data directory must hold exactly the files of the objects the server lists, and the scratch
 * objects that exist must be right.
 */
class CrashRecoveryTest {
    private static final int KILLS = 20;
    private static final int KEYS = 7;
    private static final int BATCH = 25;
    private static final long WINDOW_MILLIS = 10_000;
    private static final long WATERMARK_DELAY_MILLIS = 1_000;
    private static final long BASE = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir Path dataDir;

    private final Random random = new Random(20261124);
    private final AtomicInteger nextSeq = new AtomicInteger();
    private final List<Integer> acknowledgedBatches = new ArrayList<>();
    private final AtomicInteger churned = new AtomicInteger();

    @Test
    void viewsAreExactAfterTwentyKills() throws Exception {
        int port = freePort();
        Process server = start(port);
        try (Connection c = connect(port);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE STREAM ev (seq INT NOT NULL, batch INT NOT NULL, k INT NOT NULL, v"
                            + " BIGINT NOT NULL, ts TIMESTAMP(3) NOT NULL, WATERMARK FOR ts AS ts -"
                            + " INTERVAL '1' SECOND)");
            s.execute(
                    "CREATE MATERIALIZED VIEW per_key AS SELECT k, COUNT(*) AS n, SUM(v) AS total,"
                            + " MAX(v) AS top FROM ev GROUP BY k");
            s.execute(
                    "CREATE MATERIALIZED VIEW per_window AS SELECT k, window_start, COUNT(*) AS"
                            + " n, SUM(v) AS total FROM TABLE(TUMBLE(TABLE ev, DESCRIPTOR(ts),"
                            + " INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end EMIT"
                            + " AFTER WATERMARK");
            s.execute(
                    "CREATE MATERIALIZED VIEW sizes AS SELECT n, COUNT(*) AS keys FROM per_key"
                            + " GROUP BY n");
            s.execute("CREATE STREAM high (seq INT NOT NULL, k INT NOT NULL, v BIGINT NOT NULL)");
            s.execute("INSERT INTO high SELECT seq, k, v FROM ev WHERE v >= 50");
            s.execute(
                    "CREATE MATERIALIZED VIEW high_per_key AS SELECT k, COUNT(*) AS n, SUM(v) AS"
                            + " total FROM high GROUP BY k");
        }
        List<Long> recoveries = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            AtomicBoolean stop = new AtomicBoolean();
            int serverPort = port;
            Thread feeder = new Thread(() -> feedUntilFailure(serverPort, stop), "feeder");
            Thread churn = new Thread(() -> churnUntilFailure(serverPort, stop), "churn");
            int acknowledgedBefore = acknowledgedCount();
            feeder.start();
            churn.start();
            // Each cycle kills a server that has acknowledged at least one batch of its own,
            // however
            // slow the machine: a kill during start-up alone would test nothing new.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledgedCount() == acknowledgedBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(900));
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
            server.waitFor();
            stop.set(true);
            feeder.join();
            churn.join();
            server = start(port);
            recoveries.add(recoveryMillis());
            figures.add(recoveryFigures(port));
        }
        try {
            feedUntilFailure(port, new AtomicBoolean(true)); // one more batch on a healthy server
            try (Connection c = connect(port)) {
                List<long[]> events = events(c);
                assertEveryAcknowledgedBatchIsStored(events);
                Map<String, String> expected = reference(events);
                Map<String, String> actual = awaitViews(c, expected);
                assertThat(actual).isEqualTo(expected);
                assertThat(events.size()).isGreaterThan(KILLS * BATCH);
                assertFilesMatchTheCatalog(c);
                assertScratchObjectsAreRight(c);
            }
            System.out.println(
                    "crash test: "
                            + KILLS
                            + " kills, "
                            + nextSeq.get()
                            + " events sent, "
                            + acknowledgedBatches.size()
                            + " batches acknowledged; recovery (engine open) ms: "
                            + recoveries
                            + "; per start, per view: restore ms + catch-up ms (events"
                            + " replayed): "
                            + figures
                            + "; scratch DDL/DML statements completed: "
                            + churned.get());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /** Inserts batches until the server dies (or one batch when {@code once} is set). */
    private int acknowledgedCount() {
        synchronized (acknowledgedBatches) {
            return acknowledgedBatches.size();
        }
    }

    private void feedUntilFailure(int port, AtomicBoolean once) {
        try (Connection c = connect(port);
                Statement s = c.createStatement()) {
            do {
                int batch;
                StringBuilder sql = new StringBuilder("INSERT INTO ev VALUES ");
                synchronized (this) {
                    batch = nextSeq.get() / BATCH;
                    for (int i = 0; i < BATCH; i++) {
                        int seq = nextSeq.getAndIncrement();
                        long ts = BASE + seq * 100L + random.nextInt(3_500) - 3_000;
                        sql.append(i == 0 ? "" : ", ")
                                .append('(')
                                .append(seq)
                                .append(", ")
                                .append(batch)
                                .append(", ")
                                .append(random.nextInt(KEYS))
                                .append(", ")
                                .append(random.nextInt(100))
                                .append(", TIMESTAMP '")
                                .append(
                                        TS.format(
                                                LocalDateTime.ofEpochSecond(
                                                        Math.floorDiv(ts, 1000),
                                                        (int) Math.floorMod(ts, 1000) * 1_000_000,
                                                        ZoneOffset.UTC)))
                                .append("')");
                    }
                }
                s.executeUpdate(sql.toString());
                synchronized (acknowledgedBatches) {
                    acknowledgedBatches.add(batch);
                }
            } while (!once.get());
        } catch (SQLException e) {
            // The server was killed mid-batch: that batch may or may not be stored; the
            // reference is computed over what the stream holds, and acknowledged batches
            // must all be there.
        }
    }

    /**
     * Creates and drops scratch objects until the server dies: streams, a materialized view over
     * one, an INSERT ... SELECT between them. Every statement is one a kill may cut short.
     */
    private void churnUntilFailure(int port, AtomicBoolean stop) {
        try (Connection c = connect(port);
                Statement s = c.createStatement()) {
            cancelScratchCopies(s); // left running by a kill between start and cancel
            int round = 0;
            while (!stop.get()) {
                churn(s, "CREATE STREAM IF NOT EXISTS scratch (k INT NOT NULL)");
                churn(s, "CREATE STREAM IF NOT EXISTS scratch_copy (k INT NOT NULL)");
                churn(s, "INSERT INTO scratch VALUES (" + round % 3 + "), (7)");
                churn(
                        s,
                        "CREATE MATERIALIZED VIEW IF NOT EXISTS scratch_n AS SELECT k, COUNT(*)"
                                + " AS n FROM scratch GROUP BY k");
                churn(s, "INSERT INTO scratch_copy SELECT k FROM scratch");
                churn(s, "INSERT INTO scratch VALUES (" + round % 5 + ")");
                cancelScratchCopies(s);
                churn(s, "DROP MATERIALIZED VIEW IF EXISTS scratch_n");
                churn(s, "DROP STREAM IF EXISTS scratch_copy");
                churn(s, "DROP STREAM IF EXISTS scratch");
                round++;
            }
        } catch (SQLException e) {
            // The server was killed mid-statement: the next start must cope with what it left.
        }
    }

    private void churn(Statement s, String sql) throws SQLException {
        s.execute(sql);
        churned.incrementAndGet();
    }

    private void cancelScratchCopies(Statement s) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SHOW QUERIES")) {
            while (rs.next()) {
                if (rs.getString("sql").contains("scratch_copy")) {
                    ids.add(rs.getString("id"));
                }
            }
        }
        for (String id : ids) {
            churn(s, "CANCEL QUERY '" + id + "'");
        }
    }

    /**
     * The data directory holds the files of what the server lists and nothing else: no leftovers of
     * statements a kill cut short.
     */
    private void assertFilesMatchTheCatalog(Connection c) throws Exception {
        List<String> internalStreams = new ArrayList<>();
        List<String> views = new ArrayList<>();
        List<String> queries = new ArrayList<>(List.of("queries.json"));
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW STREAMS")) {
                while (rs.next()) {
                    if (rs.getString("detail").startsWith("internal")) {
                        internalStreams.add(rs.getString("name").toLowerCase(Locale.ROOT));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW MATERIALIZED VIEWS")) {
                while (rs.next()) {
                    views.add(rs.getString("name").toLowerCase(Locale.ROOT));
                }
            }
            try (ResultSet rs = s.executeQuery("SHOW QUERIES")) {
                while (rs.next()) {
                    if (rs.getString("id").startsWith("insert_")) {
                        queries.add(rs.getString("id"));
                    }
                }
            }
        }
        assertThat(entries(dataDir.resolve("streams")))
                .containsExactlyInAnyOrderElementsOf(internalStreams);
        assertThat(entries(dataDir.resolve("views"))).containsExactlyInAnyOrderElementsOf(views);
        assertThat(entries(dataDir.resolve("queries")))
                .containsExactlyInAnyOrderElementsOf(queries);
        assertThat(entries(dataDir.resolve("state"))).isEmpty();
    }

    private static List<String> entries(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Whatever scratch objects a kill left standing hold exactly what their inputs say. */
    private static void assertScratchObjectsAreRight(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            if (!entries(s, "SHOW MATERIALIZED VIEWS").contains("scratch_n")) {
                return;
            }
            long deadline = System.currentTimeMillis() + 60_000;
            String view;
            String reference;
            do {
                view = rowsOf(s, "SELECT k, n FROM scratch_n ORDER BY k");
                reference = rowsOf(s, "SELECT k, COUNT(*) FROM scratch GROUP BY k ORDER BY k");
            } while (!view.equals(reference) && System.currentTimeMillis() < deadline);
            assertThat(view).isEqualTo(reference);
        }
    }

    private static List<String> entries(Statement s, String show) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(show)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String rowsOf(Statement s, String sql) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.append(rs.getLong(1)).append(':').append(rs.getLong(2)).append(' ');
            }
        }
        return rows.toString();
    }

    /** What SHOW QUERIES says of each view's recovery on this start, once all caught up. */
    private static String recoveryFigures(int port) throws Exception {
        try (Connection c = connect(port);
                Statement s = c.createStatement()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                StringBuilder figures = new StringBuilder();
                boolean caughtUp = true;
                try (ResultSet rs = s.executeQuery("SHOW QUERIES")) {
                    while (rs.next()) {
                        if (!rs.getString("id").startsWith("mv_per")) {
                            continue;
                        }
                        rs.getLong("catch_up_ms");
                        caughtUp &= !rs.wasNull();
                        figures.append(rs.getString("id").substring(3))
                                .append(' ')
                                .append(rs.getLong("restore_ms"))
                                .append('+')
                                .append(rs.getLong("catch_up_ms"))
                                .append(" (")
                                .append(rs.getLong("catch_up_rows"))
                                .append(") ");
                    }
                }
                if (caughtUp || System.currentTimeMillis() > deadline) {
                    return figures.toString().strip();
                }
                Thread.sleep(20);
            }
        }
    }

    /** Every stored event as {seq, batch, k, v, ts}, in stream order. */
    private static List<long[]> events(Connection c) throws SQLException {
        List<long[]> events = new ArrayList<>();
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, batch, k, v, ts FROM ev ORDER BY seq")) {
            while (rs.next()) {
                events.add(
                        new long[] {
                            rs.getInt(1),
                            rs.getInt(2),
                            rs.getInt(3),
                            rs.getLong(4),
                            rs.getTimestamp(5, utc).getTime()
                        });
            }
        }
        return events;
    }

    private void assertEveryAcknowledgedBatchIsStored(List<long[]> events) {
        Map<Long, Integer> perBatch = new TreeMap<>();
        for (long[] e : events) {
            perBatch.merge(e[1], 1, Integer::sum);
        }
        for (int batch : acknowledgedBatches) {
            assertThat(perBatch.get((long) batch))
                    .as("acknowledged batch " + batch)
                    .isEqualTo(BATCH);
        }
        // A batch is stored whole or not at all.
        assertThat(perBatch.values()).allMatch(n -> n == BATCH);
    }

    /**
     * The three views computed directly: events in stream order (= sequence order: one feeder at a
     * time), the watermark trailing the largest time seen by 1 s, a row late when its window's end
     * is at or before the watermark when it arrives.
     */
    private static Map<String, String> reference(List<long[]> events) {
        Map<Long, long[]> perKey = new TreeMap<>();
        Map<Long, long[]> highPerKey = new TreeMap<>();
        long high = 0;
        Map<String, long[]> perWindow = new TreeMap<>();
        long maxTime = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (long[] e : events) {
            long k = e[2];
            long v = e[3];
            long ts = e[4];
            long[] agg = perKey.computeIfAbsent(k, x -> new long[3]);
            agg[0]++;
            agg[1] += v;
            agg[2] = Math.max(agg[2], v);
            if (v >= 50) {
                long[] h = highPerKey.computeIfAbsent(k, x -> new long[2]);
                h[0]++;
                h[1] += v;
                high++;
            }
            long start = Math.floorDiv(ts, WINDOW_MILLIS) * WINDOW_MILLIS;
            if (start + WINDOW_MILLIS > watermark) {
                long[] w = perWindow.computeIfAbsent(k + "@" + start, x -> new long[3]);
                w[0] = start + WINDOW_MILLIS;
                w[1]++;
                w[2] += v;
            }
            if (ts > maxTime) {
                maxTime = ts;
                watermark = Math.max(watermark, maxTime - WATERMARK_DELAY_MILLIS);
            }
        }
        Map<String, String> views = new TreeMap<>();
        StringBuilder keys = new StringBuilder();
        Map<Long, Integer> sizes = new TreeMap<>();
        perKey.forEach(
                (k, a) -> {
                    keys.append(k + ":" + a[0] + "/" + a[1] + "/" + a[2] + " ");
                    sizes.merge(a[0], 1, Integer::sum);
                });
        views.put("per_key", keys.toString().strip());
        StringBuilder windows = new StringBuilder();
        for (Map.Entry<String, long[]> w : perWindow.entrySet()) {
            if (w.getValue()[0] <= watermark) {
                windows.append(w.getKey() + ":" + w.getValue()[1] + "/" + w.getValue()[2] + " ");
            }
        }
        views.put("per_window", windows.toString().strip());
        StringBuilder sizesText = new StringBuilder();
        sizes.forEach((n, count) -> sizesText.append(n + ":" + count + " "));
        views.put("sizes", sizesText.toString().strip());
        StringBuilder highText = new StringBuilder();
        highPerKey.forEach((k, h) -> highText.append(k + ":" + h[0] + "/" + h[1] + " "));
        views.put("high_per_key", highText.toString().strip());
        views.put("high", high + " rows, " + high + " distinct");
        return views;
    }

    /** The views as the server has them, once they equal the reference or after a minute. */
    private static Map<String, String> awaitViews(Connection c, Map<String, String> expected)
            throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, String> actual;
        do {
            actual = views(c);
            if (actual.equals(expected)) {
                return actual;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        return actual;
    }

    private static Map<String, String> views(Connection c) throws SQLException {
        Map<String, String> views = new TreeMap<>();
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        try (Statement s = c.createStatement()) {
            StringBuilder keys = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SELECT k, n, total, top FROM per_key ORDER BY k")) {
                while (rs.next()) {
                    keys.append(
                            rs.getLong(1)
                                    + ":"
                                    + rs.getLong(2)
                                    + "/"
                                    + rs.getLong(3)
                                    + "/"
                                    + rs.getLong(4)
                                    + " ");
                }
            }
            views.put("per_key", keys.toString().strip());
            Map<String, String> windows = new TreeMap<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT k, window_start, n, total FROM per_window")) {
                while (rs.next()) {
                    windows.put(
                            rs.getLong(1) + "@" + rs.getTimestamp(2, utc).getTime(),
                            rs.getLong(3) + "/" + rs.getLong(4));
                }
            }
            StringBuilder windowText = new StringBuilder();
            windows.forEach((w, agg) -> windowText.append(w + ":" + agg + " "));
            views.put("per_window", windowText.toString().strip());
            StringBuilder sizes = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SELECT n, keys FROM sizes ORDER BY n")) {
                while (rs.next()) {
                    sizes.append(rs.getLong(1) + ":" + rs.getLong(2) + " ");
                }
            }
            views.put("sizes", sizes.toString().strip());
            StringBuilder high = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SELECT k, n, total FROM high_per_key ORDER BY k")) {
                while (rs.next()) {
                    high.append(rs.getLong(1) + ":" + rs.getLong(2) + "/" + rs.getLong(3) + " ");
                }
            }
            views.put("high_per_key", high.toString().strip());
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT seq) FROM high")) {
                rs.next();
                views.put("high", rs.getLong(1) + " rows, " + rs.getLong(2) + " distinct");
            }
        }
        return views;
    }

    private Process start(int port) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder =
                new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.weir.server.Main",
                        "server",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        dataDir.toString(),
                        "--checkpoint-interval",
                        "300ms");
        builder.redirectErrorStream(true);
        builder.redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.out").toFile()));
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "the server exited: " + Files.readString(dataDir.resolve("server.out")));
            }
            try {
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not start within a minute");
    }

    /** The engine-open time the server printed on its last start. */
    private long recoveryMillis() throws IOException {
        Matcher m =
                Pattern.compile("recovered in (\\d+) ms")
                        .matcher(Files.readString(dataDir.resolve("server.out")));
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
