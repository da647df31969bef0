package dev.weir.server;

import dev.weir.common.error.WeirException;
import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import dev.weir.server.flink.FlinkOptions;
import dev.weir.server.flink.FlinkQueryRunner;
import dev.weir.server.http.Tls;
import dev.weir.server.http.Users;
import dev.weir.server.http.UsersFile;
import dev.weir.server.http.WeirHttpServer;
import dev.weir.server.shell.ShellArguments;
import dev.weir.server.shell.ShellDriver;
import dev.weir.server.shell.WeirShell;
import dev.weir.server.shell.WeirSqlLine;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import sqlline.SqlLine;

/** The {@code weir} command: {@code weir server ...} and {@code weir shell ...}. */
public final class Main {
    private static final String USAGE =
            "usage: weir server [--port 8765] [--host 0.0.0.0] [--data-dir ./weir-data] [--demo]"
                    + " [--fsync always|never] [--checkpoint-interval 5s] [--users users.properties]\n"
                    + "              [--state-cache 256m] [--memory 2g] [--idle-timeout 5m]\n"
                    + "              [--max-connections 256] [--max-queries 64]\n"
                    + "              [--tls-keystore server.p12 --tls-password secret]\n"
                    + "              [--runner local|flink [--flink-parallelism N]"
                    + " [--flink-address host:port]]\n"
                    + "       weir shell [jdbc-url] [-n user -p password] [-f script.sql]"
                    + " [--setting=value ...]   (weir shell --help says more)\n"
                    + "       weir passwd users.properties USER [admin|writer|reader]\n";

    /** Open JDBC connections at most, unless {@code --max-connections} says otherwise. */
    static final int DEFAULT_MAX_CONNECTIONS = 256;

    /** Continuous and persistent queries at most, unless {@code --max-queries} says otherwise. */
    static final int DEFAULT_MAX_QUERIES = 64;

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        if (args[0].equals("-h") || args[0].equals("--help")) {
            System.out.print(USAGE);
            System.exit(0);
        }
        List<String> rest = List.of(args).subList(1, args.length);
        switch (args[0]) {
            case "server" -> server(rest);
            case "shell" -> System.exit(shell(rest));
            case "passwd" -> System.exit(PasswdCommand.run(rest, System.in, System.err));
            default -> {
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    private static void server(List<String> args) throws Exception {
        int port = 8765;
        String host = "0.0.0.0";
        Path dataDir = Path.of("weir-data");
        boolean demo = false;
        FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        long checkpointIntervalMillis = Engine.DEFAULT_CHECKPOINT_INTERVAL_MILLIS;
        Optional<Path> usersFile = Optional.empty();
        int maxConnections = DEFAULT_MAX_CONNECTIONS;
        int maxQueries = DEFAULT_MAX_QUERIES;
        Optional<Long> memory = Optional.empty();
        Optional<Path> tlsKeystore = Optional.empty();
        Duration idleTimeout = WeirHttpServer.DEFAULT_IDLE_TIMEOUT;
        // The environment keeps the password out of `ps`; the flag is there for scripts and tests.
        Optional<String> tlsPassword = Optional.ofNullable(System.getenv("WEIR_TLS_PASSWORD"));
        String runner = "local";
        int flinkParallelism = Runtime.getRuntime().availableProcessors();
        Optional<String> flinkAddress = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--demo" -> demo = true;
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                case "--fsync" ->
                        fsync =
                                FsyncPolicy.valueOf(
                                        value(args, ++i, "--fsync").toUpperCase(Locale.ROOT));
                case "--users" -> usersFile = Optional.of(Path.of(value(args, ++i, "--users")));
                case "--max-connections" ->
                        maxConnections =
                                positive(
                                        value(args, ++i, "--max-connections"), "--max-connections");
                case "--max-queries" ->
                        maxQueries = positive(value(args, ++i, "--max-queries"), "--max-queries");
                case "--tls-keystore" ->
                        tlsKeystore = Optional.of(Path.of(value(args, ++i, "--tls-keystore")));
                case "--tls-password" ->
                        tlsPassword = Optional.of(value(args, ++i, "--tls-password"));
                case "--checkpoint-interval" ->
                        checkpointIntervalMillis =
                                millis(value(args, ++i, "--checkpoint-interval"));
                case "--idle-timeout" ->
                        idleTimeout = Duration.ofMillis(millis(value(args, ++i, "--idle-timeout")));
                case "--runner" -> runner = value(args, ++i, "--runner");
                case "--flink-parallelism" ->
                        flinkParallelism =
                                positive(
                                        value(args, ++i, "--flink-parallelism"),
                                        "--flink-parallelism");
                case "--flink-address" ->
                        flinkAddress = Optional.of(value(args, ++i, "--flink-address"));
                case "--state-cache" ->
                        // Read when the first state backend opens, so set before the engine.
                        System.setProperty(
                                "weir.state.cache.bytes",
                                Long.toString(bytes(value(args, ++i, "--state-cache"))));
                case "--memory" -> memory = Optional.of(bytes(value(args, ++i, "--memory")));
                default -> fail("unknown option '" + args.get(i) + "'");
            }
        }
        if (idleTimeout.toMillis() <= 0) {
            fail("--idle-timeout must be positive (try 5m, 30s)");
        }
        if (!runner.equals("local") && !runner.equals("flink")) {
            fail("--runner is local or flink, not '" + runner + "'");
        }
        Optional<FlinkOptions> flink = Optional.empty();
        if (runner.equals("flink")) {
            try {
                flink = Optional.of(new FlinkOptions(flinkParallelism, flinkAddress));
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        } else {
            FlinkOptions.FLAGS.stream()
                    .filter(args::contains)
                    .findFirst()
                    .ifPresent(flag -> fail(flag + " needs --runner flink"));
        }
        Optional<Users> users = Optional.empty();
        if (usersFile.isPresent()) {
            try {
                // Checked before the data directory is opened: a bad users file starts nothing.
                users = Optional.of(Users.load(usersFile.get()));
            } catch (UsersFile.Invalid | IOException e) {
                System.err.println(
                        "weir: cannot start: "
                                + (e instanceof UsersFile.Invalid
                                        ? e.getMessage()
                                        : "cannot read the users file "
                                                + usersFile.get()
                                                + ": "
                                                + e));
                System.exit(1);
                return;
            }
        }
        Optional<SslContext> tls = Optional.empty();
        if (tlsKeystore.isPresent()) {
            if (tlsPassword.isEmpty()) {
                fail("--tls-keystore needs its password: --tls-password or WEIR_TLS_PASSWORD");
            }
            try {
                // Checked before the data directory is opened: a bad keystore starts nothing.
                tls =
                        Optional.of(
                                Tls.serverContext(
                                        tlsKeystore.get(), tlsPassword.get().toCharArray()));
            } catch (IllegalArgumentException e) {
                System.err.println("weir: cannot start: " + e.getMessage());
                System.exit(1);
                return;
            }
        } else if (tlsPassword.isPresent() && args.contains("--tls-password")) {
            fail("--tls-password without --tls-keystore");
        }
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("weir.log");
        logTo(log);
        // The Flink runner first: the materialized views it can run are started on it as the
        // engine recovers them.
        Optional<FlinkQueryRunner> flinkRunner = Optional.empty();
        if (flink.isPresent()) {
            try {
                flinkRunner = Optional.of(flink.get().start());
            } catch (Exception e) {
                System.err.println("weir: cannot start the Flink runner: " + e);
                System.exit(1);
                return;
            }
        }
        long opening = System.nanoTime();
        Engine engine;
        try {
            engine =
                    flinkRunner.isPresent()
                            ? Engine.open(
                                    dataDir, fsync, checkpointIntervalMillis, flinkRunner.get())
                            : Engine.open(dataDir, fsync, checkpointIntervalMillis);
        } catch (WeirException e) {
            // Damaged or newer-format data: say which file and what to do, and do not start.
            System.err.println("weir: cannot start: " + e.getMessage());
            flinkRunner.ifPresent(Main::closeQuietly);
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            // Not to stay alive on the Flink MiniCluster's threads, serving nothing.
            System.err.println("weir: cannot open " + dataDir + ": " + e);
            flinkRunner.ifPresent(Main::closeQuietly);
            System.exit(1);
            return;
        }
        long recoveryMillis = (System.nanoTime() - opening) / 1_000_000;
        if (demo) {
            // Created once and kept: materialized views over the demo streams replay them
            // exactly after a restart (same base time, same events).
            long now = System.currentTimeMillis();
            for (NexmarkTable table : NexmarkTable.values()) {
                String name = table.name().toLowerCase(Locale.ROOT);
                engine.execute(
                        table.createStatement(name, 1_000)
                                .replaceFirst("(?i)CREATE STREAM", "CREATE STREAM IF NOT EXISTS")
                                .replace(
                                        "'events-per-second' = '1000'",
                                        "'events-per-second' = '1000', 'base-time' = '"
                                                + now
                                                + "'"));
            }
        }
        engine.limitQueries(maxQueries);
        memory.ifPresent(engine::limitMemory);
        flinkRunner.ifPresent(engine::runContinuousQueriesOn);
        Optional<FlinkQueryRunner> stopFlink = flinkRunner;
        WeirHttpServer server = new WeirHttpServer(engine, users);
        server.withMaxConnections(maxConnections);
        tls.ifPresent(server::withTls);
        server.withIdleTimeout(idleTimeout);
        int bound;
        try {
            bound = server.start(host, port);
        } catch (Exception e) {
            // A port in use, say. Stop what started, or the Flink MiniCluster's threads and the
            // engine's would keep this process alive, serving nothing.
            System.err.println(
                    "weir: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            server.close();
            engine.close();
            stopFlink.ifPresent(Main::closeQuietly);
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    engine.close();
                                    stopFlink.ifPresent(Main::closeQuietly);
                                },
                                "weir-shutdown"));
        PrintStream out = System.out;
        boolean https = server.tls();
        String scheme = https ? "https" : "http";
        String jdbc = "jdbc:weir://localhost:" + bound + (https ? "?ssl=true" : "");
        out.println("Weir 0.1.0 is up" + (https ? " (HTTPS only)." : "."));
        out.println(
                "  JDBC:   "
                        + jdbc
                        + "   (stock Avatica: jdbc:avatica:remote:url="
                        + scheme
                        + "://localhost:"
                        + bound
                        + ";serialization=protobuf)");
        String login = users.isPresent() ? " -n USER -p PASSWORD" : "";
        if (https) {
            out.println("  shell:  bin/weir shell '" + jdbc + "'" + login);
            out.println(
                    "          (a self-signed certificate: add"
                            + " &truststore=FILE&truststore_password=PW; see the README)");
        } else {
            out.println("  shell:  bin/weir shell" + (bound == 8765 ? "" : " " + jdbc) + login);
        }
        out.println(
                "  console: "
                        + scheme
                        + "://localhost:"
                        + bound
                        + "/   (the web console: SQL, live results, running queries, catalog)");
        out.println(
                "  health: "
                        + scheme
                        + "://localhost:"
                        + bound
                        + "/health   metrics: "
                        + scheme
                        + "://localhost:"
                        + bound
                        + "/metrics");
        out.println("  log:    " + log.toAbsolutePath());
        flinkRunner.ifPresent(
                f ->
                        out.println(
                                "  runner: continuous queries and materialized views run on "
                                        + f.where()
                                        + ", its REST API http://"
                                        + f.restAddress()
                                        + "; what Flink cannot run runs here (SHOW QUERIES"
                                        + " says where)"));
        if (demo) {
            out.println("  demo:   Nexmark streams person, auction, bid (1,000 events/s); try");
            out.println(
                    "          SELECT auction, window_start, window_end, COUNT(*) AS bids FROM TABLE(TUMBLE(TABLE bid,");
            out.println(
                    "            DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) GROUP BY auction, window_start, window_end EMIT STREAM;");
        }
        out.println(
                "  data:   "
                        + dataDir.toAbsolutePath()
                        + " (streams, views and materialized views survive a restart; opened and"
                        + " recovered in "
                        + recoveryMillis
                        + " ms)");
        Thread.currentThread().join();
    }

    private static void closeQuietly(FlinkQueryRunner runner) {
        try {
            runner.close();
        } catch (Exception e) {
            Logger.getLogger(Main.class.getName())
                    .log(Level.WARNING, "Stopping the Flink runner failed.", e);
        }
    }

    /** A duration: {@code 5s}, {@code 500ms}, {@code 2m}, or plain milliseconds. */
    private static long millis(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Long.parseLong(t.substring(0, t.length() - 2));
            }
            if (t.endsWith("s")) {
                return Long.parseLong(t.substring(0, t.length() - 1)) * 1_000;
            }
            if (t.endsWith("m")) {
                return Long.parseLong(t.substring(0, t.length() - 1)) * 60_000;
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            fail("'" + text + "' is not a duration (try 5s, 500ms or 2m)");
            return 0;
        }
    }

    private static int shell(List<String> args) throws IOException {
        ShellArguments parsed;
        try {
            parsed = ShellArguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("weir: " + e.getMessage());
            System.err.print(ShellArguments.USAGE);
            return 2;
        }
        if (parsed.help()) {
            System.out.print(ShellArguments.USAGE);
            return 0;
        }
        String url = parsed.url();
        Optional<String> user = parsed.user();
        String password = parsed.password();
        // Avatica logs to the console (the truststore it loaded, a WARNING for a failed
        // connect); at a prompt that is noise: sqlline reports errors itself.
        Logger.getLogger("").setLevel(Level.SEVERE);
        Optional<String> refusal = probe(url, user, password);
        if (refusal.isPresent()) {
            System.err.println("weir: " + refusal.get());
            return 1;
        }
        List<String> sqllineArgs =
                new ArrayList<>(
                        List.of(
                                "-ac",
                                WeirShell.class.getName(),
                                "-u",
                                url,
                                // Without -n, any name: sqlline asks for one otherwise, and a
                                // server without --users takes every request.
                                "-n",
                                user.orElse("weir"),
                                "-p",
                                user.isPresent() ? password : "weir",
                                "--showWarnings=false",
                                // An error is its message (code, SQLSTATE, line:column), no stack.
                                "--verbose=false",
                                "--prompt=weir> ",
                                "--isolation=TRANSACTION_NONE",
                                "--connectInteractionMode=notAskCredentials"));
        if (parsed.script().isPresent()) {
            String script = parsed.script().get();
            // Not sqlline's --run or -f: sqlline drops its options, those included, when it
            // loads the application (-ac) after reading the arguments, and would open a prompt
            // instead. A command (-e) runs after that, then sqlline exits; !script (Weir's) stops
            // at the first failing statement and says where it is, and the exit status says so.
            sqllineArgs.add("-e");
            sqllineArgs.add(
                    "!script \"" + script.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        SqlLine sqlLine = new WeirSqlLine(parsed.settings());
        try {
            ShellDriver.install(sqlLine);
        } catch (SQLException e) {
            System.err.println("weir: " + e.getMessage());
            return 1;
        }
        SqlLine.Status status = sqlLine.begin(sqllineArgs.toArray(new String[0]), null, true);
        return status == SqlLine.Status.OK ? 0 : 1;
    }

    /**
     * Connects once before sqlline does, and says why that fails: sqlline prints a failed first
     * connect with a stack trace, then opens a prompt with no connection behind it.
     */
    private static Optional<String> probe(String url, Optional<String> user, String password) {
        try (Connection ignored =
                user.isPresent()
                        ? DriverManager.getConnection(url, user.get(), password)
                        : DriverManager.getConnection(url)) {
            return Optional.empty();
        } catch (SQLException e) {
            if ("28000".equals(e.getSQLState()) && user.isEmpty()) {
                return Optional.of(
                        "this Weir server needs a user and password: bin/weir shell "
                                + "URL -n USER -p PASSWORD");
            }
            // The message, not the URL: its options may hold a password.
            return Optional.of(e.getMessage() + " [SQLSTATE " + e.getSQLState() + "]");
        }
    }

    /** A size: {@code 512m}, {@code 2g}, {@code 65536k} or plain bytes. */
    private static long bytes(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            unit =
                    switch (t.charAt(t.length() - 1)) {
                        case 'k' -> 1L << 10;
                        case 'm' -> 1L << 20;
                        default -> 1L << 30;
                    };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException e) {
            fail("'" + text + "' is not a size (try 256m or 1g)");
            return 0;
        }
    }

    /** A count above zero, for {@code option}. */
    private static int positive(String text, String option) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        fail(option + " takes a number above zero, not '" + text + "'");
        return 0;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            fail("option " + option + " needs a value");
        }
        return args.get(i);
    }

    private static void fail(String message) {
        System.err.println("weir: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }

    private static void logTo(Path file) throws IOException {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        FileHandler handler = new FileHandler(file.toString(), true);
        handler.setFormatter(new SimpleFormatter());
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }
}
