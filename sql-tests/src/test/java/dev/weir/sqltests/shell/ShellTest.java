package dev.weir.sqltests.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.engine.Engine;
import dev.weir.server.http.Tls;
import dev.weir.server.http.WeirHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code bin/weir shell} in a pseudo-terminal (tmux), as a person would: a continuous query
 * whose rows appear as they are inserted, Ctrl-C to stop it, the shell still there for the next
 * statement and for {@code !queries}; and the shell over TLS. Skipped, saying so, where tmux is not
 * installed ({@code .ci/run} installs it).
 */
class ShellTest {
    private static final Path WEIR = Path.of("..", "bin", "weir").toAbsolutePath().normalize();

    private Engine engine;
    private WeirHttpServer server;
    private String session;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(
                new ProcessBuilder("tmux", "-V").start().waitFor() == 0,
                "tmux is not installed: the pseudo-terminal shell test cannot run here");
        assumeTrue(Files.isExecutable(WEIR), "bin/weir is missing");
        engine = Engine.inMemory();
        engine.execute("CREATE STREAM clicks (page VARCHAR NOT NULL)");
    }

    /** Starts {@code bin/weir shell} on {@code url} in a detached tmux session. */
    private void shell(String url) throws Exception {
        session = "weir-shell-test-" + ProcessHandle.current().pid();
        tmux(
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "160",
                "-y",
                "50",
                WEIR + " shell '" + url + "'");
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor();
        }
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aContinuousQueryPrintsRowsAsTheyComeAndCtrlCStopsItButNotTheShell() throws Exception {
        server = new WeirHttpServer(engine);
        shell("jdbc:weir://127.0.0.1:" + server.start("127.0.0.1", 0));
        awaitScreen(s -> s.strip().endsWith("weir>"), "the prompt");
        type("SELECT page FROM clicks EMIT STREAM;");
        awaitScreen(s -> s.contains("undo"), "the header of the continuous query");
        engine.execute("INSERT INTO clicks VALUES ('first-page')");
        awaitScreen(s -> s.contains("first-page"), "the first row, while the query runs");
        engine.execute("INSERT INTO clicks VALUES ('second-page')");
        awaitScreen(s -> s.contains("second-page"), "the second row");
        assertThat(engine.continuousQueries().running()).hasSize(1);

        tmux("send-keys", "-t", session, "C-c");
        awaitScreen(s -> s.strip().endsWith("weir>"), "the prompt back after Ctrl-C");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!engine.continuousQueries().running().isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.continuousQueries().running())
                .isEmpty(); // Ctrl-C cancelled it on the server

        type("SELECT COUNT(*) AS clicks_so_far FROM clicks;");
        // The prompt too: a Ctrl-C sent while sqlline still prints the result is taken by it.
        awaitScreen(
                s ->
                        s.contains("clicks_so_far")
                                && s.contains("| 2 ")
                                && s.strip().endsWith("weir>"),
                "the next result and the prompt after it");
        // Ctrl-C at an idle prompt: sqlline cancels its last (closed) statement and says only
        // that the line was cancelled. Wait for that before typing: keys sent while it handles
        // the signal would land in the line it clears.
        tmux("send-keys", "-t", session, "C-c");
        awaitScreen(
                s -> s.contains("Command canceled.") && s.strip().endsWith("weir>"),
                "the prompt back after Ctrl-C at the prompt");
        type("SELECT COUNT(*) AS after_idle_ctrl_c FROM clicks;");
        awaitScreen(s -> s.contains("after_idle_ctrl_c"), "a result after Ctrl-C at the prompt");
        assertThat(capture()).doesNotContain("Error");
        engine.execute(
                "CREATE MATERIALIZED VIEW per_page AS SELECT page, COUNT(*) AS n FROM clicks"
                        + " GROUP BY page");
        type("!queries");
        awaitScreen(s -> s.contains("mv_per_page"), "!queries' listing");
        type("!quit");
    }

    @Test
    void tablesFitTheirDataAndAWaitingQueryShowsWhatItHasRead() throws Exception {
        engine.execute(
                "CREATE STREAM orders (id BIGINT, note VARCHAR, ts TIMESTAMP(3) NOT NULL,"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)");
        engine.execute(
                "INSERT INTO orders VALUES (1, 'a note well over thirty characters long',"
                        + " TIMESTAMP '2026-01-01 08:00:00')");
        server = new WeirHttpServer(engine);
        shell("jdbc:weir://127.0.0.1:" + server.start("127.0.0.1", 0));
        awaitScreen(s -> s.strip().endsWith("weir>"), "the prompt");

        // Finite results: every line of the table as wide as the others, values inside.
        for (String statement :
                List.of("SHOW STREAMS;", "DESCRIBE orders;", "SELECT * FROM orders;", "!tables")) {
            type(statement);
            awaitScreen(
                    s -> s.contains("weir> " + statement) && s.strip().endsWith("weir>"),
                    statement + "'s table");
            List<String> table = tableAfter(capture(), "weir> " + statement);
            assertThat(table).as(statement).hasSizeGreaterThan(3);
            assertThat(table.stream().map(String::length).distinct())
                    .as(statement + ":\n" + String.join("\n", table))
                    .hasSize(1);
        }
        assertThat(tableAfter(capture(), "weir> SELECT * FROM orders;"))
                .contains(
                        "| id |                  note                   |          ts           |",
                        "| 1  | a note well over thirty characters long | 2026-01-01 08:00:00.0 |");

        // A continuous query with nothing to show yet: a status line says what it has read.
        type("SELECT id FROM orders WHERE id > 1 EMIT STREAM;");
        awaitScreen(
                s ->
                        s.contains("waiting for the first rows: ")
                                && s.contains(" read 1 row, watermark 2026-01-01 07:59:59")
                                && s.contains("(Ctrl-C stops it)"),
                "the status line");
        engine.execute("INSERT INTO orders VALUES (2, 'second', TIMESTAMP '2026-01-01 08:00:05')");
        awaitScreen(s -> s.contains("| 2 "), "the first row");
        assertThat(capture()).doesNotContain("waiting for the first rows");
        tmux("send-keys", "-t", session, "C-c");
        awaitScreen(s -> s.strip().endsWith("weir>"), "the prompt after Ctrl-C");

        engine.execute(
                "CREATE MATERIALIZED VIEW per_id AS SELECT id, COUNT(*) AS n FROM orders GROUP BY"
                        + " id");
        type("!queries");
        awaitScreen(s -> s.contains("| mv_per_id "), "!queries");
        List<String> queries = tableAfter(capture(), "weir> !queries");
        assertThat(queries.get(1))
                .startsWith("|    id     |  state  | rows_in | rows_out |")
                .contains("| late_rows_dropped | state_bytes |")
                .contains(" sql ")
                .endsWith("|");
        assertThat(queries.stream().map(String::length).distinct()).hasSize(1);
        type("!quit");
    }

    /** The lines of the first table printed after the line {@code marker}. */
    private static List<String> tableAfter(String screen, String marker) {
        List<String> lines = screen.lines().toList();
        int at = lines.indexOf(marker);
        List<String> table = new ArrayList<>();
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).stripTrailing();
            if (line.startsWith("+") || line.startsWith("|")) {
                table.add(line);
            } else if (!table.isEmpty()) {
                break;
            }
        }
        return table;
    }

    private void type(String line) throws Exception {
        // tmux reads an argument ending in ';' as the end of its command: escape it.
        tmux("send-keys", "-t", session, "-l", line.replace(";", "\\;"));
        tmux("send-keys", "-t", session, "Enter");
    }

    private void awaitScreen(Predicate<String> condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String screen = "";
        while (System.currentTimeMillis() < deadline) {
            screen = capture();
            if (condition.test(screen)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited 30 s for " + what + "; the screen shows:\n" + screen);
    }

    private String capture() throws Exception {
        Process p =
                new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session, "-S", "-200")
                        .redirectErrorStream(true)
                        .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    private static void tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Test
    void connectsOverTlsWithATruststore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.pem");
        Path truststore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "weir",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "weir",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "weir",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                "changeit");
        server =
                new WeirHttpServer(engine)
                        .withTls(Tls.serverContext(keystore, "changeit".toCharArray()));
        int port = server.start("127.0.0.1", 0);
        engine.execute("INSERT INTO clicks VALUES ('over-tls')");
        shell(
                "jdbc:weir://localhost:"
                        + port
                        + "?ssl=true&truststore="
                        + truststore
                        + "&truststore_password=changeit");
        awaitScreen(s -> s.strip().endsWith("weir>"), "the prompt");
        type("SELECT page FROM clicks;");
        awaitScreen(s -> s.contains("| over-tls "), "the row, read over TLS");
        type("!quit");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
