package dev.weir.benchmarks.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Weir server as a child process of its own (so that its RSS, threads and open files are its
 * alone), started the way a user starts it: a launcher command ({@code bin/weir}, or {@code java
 * -cp ... dev.weir.server.Main} in tests) followed by {@code server --port P --data-dir D}.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path output;

    private ServerProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /**
     * Starts the server and waits until {@code /health} answers 200 (a minute at most).
     *
     * @param launcher the command that runs {@code dev.weir.server.Main}'s arguments
     * @param output where the server's stdout and stderr go
     */
    public static ServerProcess start(List<String> launcher, int port, Path dataDir, Path output)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(
                List.of(
                        "server",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--data-dir",
                        dataDir.toString()));
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Process process = builder.start();
        ServerProcess server = new ServerProcess(process, port, output);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "the server exited with "
                                + process.exitValue()
                                + ": "
                                + Files.readString(output));
            }
            try {
                HttpResponse<Void> r =
                        http.send(
                                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IOException("the server did not answer /health within a minute");
    }

    /**
     * The server JVM's process id: the launcher's own, as {@code bin/weir} replaces itself with
     * java ({@code exec}).
     */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String jdbcUrl() {
        return "jdbc:weir://127.0.0.1:" + port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path output() {
        return output;
    }

    /** Stops the server as Ctrl-C would (its shutdown hook closes the engine), then harder. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
