package dev.weir.sqltests.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * decimal-scale-as-written (found by the oracle, FINDINGS.md): a DECIMAL read through the file
 * connector kept the scale it was written with, so 12.5 and 12.50 were two GROUP BY, DISTINCT and
 * join keys. Now every DECIMAL is read at its column's declared scale. A {@code .sqlt} script
 * cannot make the file, so this test does.
 */
class DecimalScaleFromFilesTest {
    @TempDir Path dir;
    private Engine engine;

    @BeforeEach
    void start() {
        engine = Engine.inMemory();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private void stream(String name, String format, String content) throws IOException {
        Path file = dir.resolve(name + "." + format);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        engine.execute(
                "CREATE STREAM "
                        + name
                        + " (k VARCHAR, d DECIMAL(10, 2)) WITH ('connector' = 'file', 'path' = '"
                        + file
                        + "', 'format' = '"
                        + format
                        + "')");
    }

    /** The rows of a snapshot query, each as "v1 | v2", in the query's order. */
    private List<String> rows(String sql) {
        StatementResult.Rows rows = (StatementResult.Rows) engine.execute(sql);
        return rows.rows().stream()
                .map(
                        r ->
                                Arrays.stream(r)
                                        .map(
                                                v ->
                                                        v instanceof BigDecimal d
                                                                ? d.toPlainString()
                                                                : String.valueOf(v))
                                        .collect(Collectors.joining(" | ")))
                .toList();
    }

    @Test
    void csvAndJsonDecimalsAreOneKeyAtTheDeclaredScale() throws IOException {
        stream("fc", "csv", "a,12.5\nb,12.50\nc,12.500\nd,7\ne,12.504\n");
        stream(
                "fj",
                "json",
                "{\"k\":\"a\",\"d\":12.5}\n{\"k\":\"b\",\"d\":12.50}\n{\"k\":\"c\",\"d\":12.500}\n"
                        + "{\"k\":\"d\",\"d\":7}\n{\"k\":\"e\",\"d\":12.504}\n");
        for (String f : List.of("fc", "fj")) {
            assertThat(rows("SELECT COUNT(DISTINCT d) FROM " + f)).containsExactly("2");
            assertThat(rows("SELECT d, COUNT(*) FROM " + f + " GROUP BY d ORDER BY d"))
                    .containsExactly("7.00 | 1", "12.50 | 4");
            assertThat(rows("SELECT DISTINCT d FROM " + f + " ORDER BY d"))
                    .containsExactly("7.00", "12.50");
            assertThat(rows("SELECT COUNT(*) FROM " + f + " x JOIN " + f + " y ON x.d = y.d"))
                    .containsExactly("17");
            assertThat(rows("SELECT k, d FROM " + f + " WHERE k IN ('a', 'e') ORDER BY k"))
                    .containsExactly("a | 12.50", "e | 12.50");
        }
        // The file's rows and INSERTed ones meet as one key.
        engine.execute("CREATE STREAM ins (k VARCHAR, d DECIMAL(10, 2))");
        engine.execute("INSERT INTO ins VALUES ('x', 12.5), ('y', 12.500), ('z', 12.504)");
        assertThat(rows("SELECT k, d FROM ins ORDER BY k"))
                .containsExactly("x | 12.50", "y | 12.50", "z | 12.50");
        assertThat(rows("SELECT COUNT(*) FROM fc JOIN ins ON fc.d = ins.d")).containsExactly("12");
        // A digit past the scale that rounds the same either way: half up (the file connector,
        // as Flink, PostgreSQL and DuckDB) or down (Calcite's casts; see FINDINGS.md).
        assertThat(rows("SELECT CAST('12.504' AS DECIMAL(10, 2))")).containsExactly("12.50");
    }

    @Test
    void aValueWithTooManyDigitsIsSkippedAsMalformedNotTruncated() throws IOException {
        stream("big", "csv", "a,12.5\nb,123456789.5\nc,1.005\n");
        assertThat(rows("SELECT k, d FROM big ORDER BY k"))
                .containsExactly("a | 12.50", "c | 1.01");
    }
}
