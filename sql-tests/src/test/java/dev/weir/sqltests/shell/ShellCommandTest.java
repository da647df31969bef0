package dev.weir.sqltests.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weir.engine.Engine;
import dev.weir.server.http.Users;
import dev.weir.server.http.WeirHttpServer;
import dev.weir.server.shell.ShellArguments;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/weir shell} without a terminal: a script with {@code -f}, and the ways connecting
 * fails, each a one-line reason and exit status 1 rather than a stack trace and a prompt with no
 * connection behind it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShellCommandTest {
    private static final Path WEIR = Path.of("..", "bin", "weir").toAbsolutePath().normalize();

    private static Engine engine;
    private static WeirHttpServer server;
    private static WeirHttpServer guarded;
    private static int port;
    private static int guardedPort;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(WEIR), "bin/weir is missing");
        engine = Engine.inMemory();
        engine.executeScript(
                "CREATE STREAM clicks (page VARCHAR); INSERT INTO clicks VALUES ('a'), ('b');");
        server = new WeirHttpServer(engine);
        port = server.start("127.0.0.1", 0);
        guarded = new WeirHttpServer(engine, Optional.of(Users.of(Map.of("ann", "s3cret"))));
        guardedPort = guarded.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            server.close();
            guarded.close();
            engine.close();
        }
    }

    /** The command's exit status and what it printed (stdout and stderr together). */
    private record Run(int status, String output) {}

    private static Run weir(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(WEIR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close(); // no terminal, no input
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    @Test
    void runsAScript(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("count.sql");
        Files.writeString(
                script, "SELECT page, COUNT(*) AS n FROM clicks GROUP BY page ORDER BY page;\n");
        Run run = weir("shell", "jdbc:weir://127.0.0.1:" + port, "-f", script.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output().lines())
                // Widths fit the data (a finite result is buffered), not the column types.
                .containsSubsequence(
                        "+------+---+",
                        "| page | n |",
                        "+------+---+",
                        "| a    | 1 |",
                        "| b    | 1 |",
                        "+------+---+")
                .noneMatch(line -> line.contains("Exception"));
    }

    @Test
    void aScriptWritesAndReadsTextBeyondLatin1(@TempDir Path dir) throws Exception {
        // non-latin1-literals (FINDINGS.md): Calcite's default charset refused such literals.
        Path script = dir.resolve("unicode.sql");
        Files.writeString(
                script,
                "CREATE STREAM words (w VARCHAR);\n"
                        + "INSERT INTO words VALUES ('ça ☃ 日本'), ('ığş');\n"
                        + "SELECT w FROM words WHERE w <> 'ığş';\n",
                StandardCharsets.UTF_8);
        Run run = weir("shell", "jdbc:weir://127.0.0.1:" + port, "-f", script.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output().lines())
                .anyMatch(line -> line.startsWith("| ça ☃ 日本 "))
                .noneMatch(line -> line.contains("ığş |") || line.contains("Exception"));
    }

    @Test
    void aScriptStopsAtItsFirstErrorWithStatus1(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("broken.sql");
        Files.writeString(
                script,
                "SELECT COUNT(*) AS before_error FROM clicks;\n"
                        + "-- the second statement names a column that does not exist\n"
                        + "SELECT nope\n  FROM clicks;\n"
                        + "SELECT COUNT(*) AS after_error FROM clicks;\n");
        Run run = weir("shell", "jdbc:weir://127.0.0.1:" + port, "-f", script.toString());
        assertThat(run.status()).as(run.output()).isEqualTo(1);
        // The message and where the failing statement is; no stack trace, no progress lines.
        assertThat(run.output().lines())
                .contains(
                        "Error: line 1:8: Column 'nope' not found in any table."
                                + " [COLUMN_NOT_FOUND] (SQLSTATE 42S22)",
                        "  in " + script + ", statement at line 3: SELECT nope")
                .noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "))
                .noneMatch(line -> line.contains("Aborting") || line.contains("1/3"));
        assertThat(run.output()).contains("before_error").doesNotContain("after_error");
    }

    @Test
    void helpPrintsTheUsageWithoutConnecting() throws Exception {
        // Before, "--help" was taken for the URL: "No suitable driver found for --help".
        for (List<String> args :
                List.of(
                        List.of("shell", "--help"),
                        List.of("shell", "-h"),
                        // A URL where nothing listens: help does not connect.
                        List.of("shell", "jdbc:weir://127.0.0.1:1", "--help"))) {
            Run run = weir(args.toArray(new String[0]));
            assertThat(run.status()).as(run.output()).isZero();
            assertThat(run.output().lines().findFirst())
                    .contains(
                            "usage: weir shell [jdbc-url | -u jdbc-url] [-n user -p password]"
                                    + " [-f script.sql] [--setting=value ...]");
            assertThat(run.output()).isEqualTo(ShellArguments.USAGE);
        }
    }

    @Test
    void aSqllineSettingOnTheCommandLineApplies(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("count.sql");
        Files.writeString(
                script, "SELECT page, COUNT(*) AS n FROM clicks GROUP BY page ORDER BY page;\n");
        Run run =
                weir(
                        "shell",
                        "-u",
                        "jdbc:weir://127.0.0.1:" + port,
                        "--outputFormat=csv",
                        "-f",
                        script.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output().lines()).containsSubsequence("'page','n'", "'a','1'", "'b','1'");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() throws Exception {
        Run misspelt = weir("shell", "--outputFormt=csv");
        assertThat(misspelt.status()).isEqualTo(2);
        assertThat(misspelt.output())
                .isEqualTo(
                        "weir: 'outputFormt' is not a sqlline setting (!set in the shell lists"
                                + " them)\n"
                                + ShellArguments.USAGE);
        Run unknown = weir("shell", "-x");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.output().lines().findFirst()).contains("weir: unknown option '-x'");
    }

    @Test
    void nothingListeningIsOneLineAndStatus1() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        Run run = weir("shell", "jdbc:weir://127.0.0.1:" + closed);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.output().lines())
                .singleElement()
                .satisfies(
                        line ->
                                assertThat(line)
                                        .startsWith(
                                                "weir: Cannot connect to Weir at"
                                                        + " http://127.0.0.1:"
                                                        + closed
                                                        + ": nothing answers there")
                                        .endsWith("Connection refused [SQLSTATE 08001]"));
    }

    @Test
    void aServerWithUsersSaysHowToLogIn() throws Exception {
        String url = "jdbc:weir://127.0.0.1:" + guardedPort;
        Run none = weir("shell", url);
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.output())
                .isEqualTo(
                        "weir: this Weir server needs a user and password: bin/weir shell URL -n"
                                + " USER -p PASSWORD\n");
        Run wrong = weir("shell", url, "-n", "ann", "-p", "guess");
        assertThat(wrong.status()).isEqualTo(1);
        assertThat(wrong.output())
                .isEqualTo(
                        "weir: Authentication failed: wrong user name or password. [SQLSTATE"
                                + " 28000]\n");
    }

    @Test
    void theRightUserRunsAScript(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("one.sql");
        Files.writeString(script, "SELECT COUNT(*) AS clicks FROM clicks;\n");
        Run run =
                weir(
                        "shell",
                        "jdbc:weir://127.0.0.1:" + guardedPort,
                        "-n",
                        "ann",
                        "-p",
                        "s3cret",
                        "-f",
                        script.toString());
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output().lines())
                .containsSubsequence("| clicks |", "+--------+", "| 2      |");
    }
}
