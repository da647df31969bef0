package dev.weir.server.monitor;

import dev.weir.engine.Engine;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What {@code GET /metrics} serves, through the Prometheus Java client: the engine's figures
 * ({@link QueryMetrics}), the server's HTTP requests, and the JVM's and the process's (memory, GC,
 * threads, CPU, open files...), in the text format the scraper asks for (Prometheus text by
 * default, OpenMetrics when its {@code Accept} header says so).
 */
public final class WeirMetrics {
    /**
     * The JVM's and process's metrics: one set per process, registered once (each registration adds
     * JMX listeners), however many servers a process runs (tests run many).
     */
    private static final PrometheusRegistry JVM = jvmRegistry();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Counter requests =
            Counter.builder()
                    .name("weir_http_requests")
                    .help("HTTP requests answered, by route and status code.")
                    .labelNames("route", "code")
                    .register(registry);

    private final Counter expired =
            Counter.builder()
                    .name("weir_idle_closed")
                    .help(
                            "Connections and statements closed because no request used them for"
                                    + " the idle timeout (their clients vanished).")
                    .labelNames("kind")
                    .register(registry);

    public WeirMetrics(Engine engine, IntSupplier connections) {
        this(engine, connections, () -> 0);
    }

    /**
     * @param refusedConnections connections refused for the server's limit, since it started
     */
    public WeirMetrics(Engine engine, IntSupplier connections, LongSupplier refusedConnections) {
        registry.register(new QueryMetrics(engine, connections, refusedConnections));
    }

    private static PrometheusRegistry jvmRegistry() {
        PrometheusRegistry jvm = new PrometheusRegistry();
        JvmMetrics.builder().register(jvm);
        return jvm;
    }

    /** Counts a request answered on {@code route} (a fixed name, never a client's path). */
    public void requestAnswered(String route, int status) {
        requests.labelValues(route, Integer.toString(status)).inc();
    }

    /** Counts connections and statements closed for being idle. */
    public void clientsExpired(int connections, int statements) {
        expired.labelValues("connection").inc(connections);
        expired.labelValues("statement").inc(statements);
    }

    /** A scrape, encoded. */
    public record Exposition(String contentType, byte[] body) {}

    /**
     * Every family, encoded as {@code accept} (a scraper's {@code Accept} header, or null) asks.
     */
    public Exposition scrape(String accept) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        registry.scrape().forEach(all::metricSnapshot);
        JVM.scrape().forEach(all::metricSnapshot);
        ExpositionFormatWriter writer = formats.findWriter(accept);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, all.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return new Exposition(writer.getContentType(), out.toByteArray());
    }
}
