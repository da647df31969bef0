package dev.weir.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} as a scraper reads it: every family whole with HELP and TYPE, per-query and
 * per-operator series, the JVM's and the process's families; clean by {@code promtool check
 * metrics} where promtool is installed ({@code .ci/run} installs Debian's prometheus package), and
 * by the text format's parsing rules ({@link PrometheusTextCheck}) everywhere.
 */
class WeirMetricsTest {
    private Engine engine;
    private ContinuousQuery query;

    @BeforeEach
    void start() throws Exception {
        engine = Engine.inMemory();
        engine.executeScript(
                "CREATE STREAM clicks (page VARCHAR, ts TIMESTAMP(3) NOT NULL,"
                        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);"
                        + "INSERT INTO clicks VALUES ('a', TIMESTAMP '2026-01-01 00:00:01'),"
                        + " ('b', TIMESTAMP '2026-01-01 00:00:02'),"
                        + " ('a', TIMESTAMP '2026-01-01 00:00:03');"
                        + "CREATE MATERIALIZED VIEW per_page AS SELECT page, COUNT(*) AS n"
                        + " FROM clicks GROUP BY page;");
        query =
                ((StatementResult.Continuous)
                                engine.execute(
                                        "SELECT page FROM clicks WHERE page = 'a' EMIT STREAM"))
                        .query();
        assertThat(query.next(10, TimeUnit.SECONDS)).isPresent();
        assertThat(query.next(10, TimeUnit.SECONDS)).isPresent();
        assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private String scrape() {
        WeirMetrics metrics = new WeirMetrics(engine, () -> 2);
        metrics.requestAnswered("metrics", 200);
        WeirMetrics.Exposition exposition = metrics.scrape(null);
        assertThat(exposition.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        return new String(exposition.body(), StandardCharsets.UTF_8);
    }

    @Test
    void perQueryAndPerOperatorSeriesFromTheJobsLiveFigures() {
        String text = scrape();
        List<String> lines = text.lines().toList();
        String q = "query=\"" + query.id() + "\"";
        assertThat(lines)
                .contains(
                        "# HELP weir_connections Open JDBC (Avatica) connections.",
                        "# TYPE weir_connections gauge",
                        "weir_connections 2.0",
                        "weir_queries_running 1.0",
                        "weir_persistent_queries_running 1.0",
                        "# TYPE weir_query_rows_in_total counter",
                        "weir_query_rows_in_total{" + q + "} 3.0",
                        "weir_query_rows_out_total{" + q + "} 2.0",
                        "weir_query_late_rows_dropped_total{" + q + "} 0.0",
                        "weir_query_malformed_records_total{" + q + "} 0.0",
                        "weir_query_info{persistent=\"false\"," + q + ",state=\"RUNNING\"} 1.0",
                        "weir_query_info{persistent=\"true\",query=\"mv_per_page\",state=\"RUNNING\"}"
                                + " 1.0",
                        "weir_query_rows_in_total{query=\"mv_per_page\"} 3.0",
                        "weir_query_checkpoints_total{query=\"mv_per_page\"} 0.0",
                        "weir_http_requests_total{code=\"200\",route=\"metrics\"} 1.0")
                // The watermark: 2026-01-01 00:00:03 less the stream's 1 s delay.
                .contains("weir_query_watermark_seconds{" + q + "} 1.767225602E9")
                .anyMatch(l -> l.startsWith("weir_query_watermark_lag_seconds{" + q + "} "))
                .anyMatch(l -> l.startsWith("weir_query_state_bytes{" + q + "} "))
                .anyMatch(
                        l ->
                                l.matches(
                                        "weir_operator_rows_in_total\\{operator=\".+\","
                                                + q
                                                + "} 3\\.0"))
                .anyMatch(
                        l ->
                                l.matches(
                                        "weir_operator_rows_out_total\\{operator=\".+\","
                                                + q
                                                + "} 2\\.0"))
                .anyMatch(l -> l.startsWith("weir_operator_state_bytes{operator="));
        // The JVM's and the process's.
        assertThat(lines)
                .contains(
                        "# TYPE jvm_memory_used_bytes gauge",
                        "# TYPE process_cpu_seconds_total counter")
                .anyMatch(l -> l.startsWith("jvm_threads_current "))
                .anyMatch(l -> l.startsWith("process_open_fds "));
    }

    @Test
    void aCancelledQueryLeavesNoSeries() {
        query.cancel();
        assertThat(scrape()).doesNotContain("query=\"" + query.id() + "\"");
    }

    @Test
    void theFormatIsCleanForPromtoolOrTheTextFormatsRules(@TempDir Path dir)
            throws IOException, InterruptedException {
        String text = scrape();
        assertThat(PrometheusTextCheck.problems(text)).isEmpty();
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            // Said in the test's output: the check above is then the only one.
            System.out.println(
                    "promtool is not installed (Debian: apt-get install prometheus): /metrics was"
                            + " checked by the text format's parsing rules only.");
            return;
        }
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, text);
        Process p =
                new ProcessBuilder(promtool.toString(), "check", "metrics")
                        .redirectInput(file.toFile())
                        .redirectErrorStream(true)
                        .start();
        String complaints = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertThat(complaints).as("promtool check metrics").isEmpty();
        assertThat(status).isZero();
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        WeirMetrics.Exposition exposition =
                new WeirMetrics(engine, () -> 0)
                        .scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(exposition.contentType()).startsWith("application/openmetrics-text");
        String text = new String(exposition.body(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("# EOF\n").contains("# TYPE weir_query_rows_in counter");
    }
}
