package dev.weir.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.io.IOException;
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
 * A window Top-N without EMIT over a bounded stream (a file read to its end): the stream's end
 * brings the watermark to +infinity, so every window fires, the last one too, each with its final
 * top rows. A {@code .sqlt} script cannot make the file, so this test does.
 */
class WindowTopNBoundedStreamTest {
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

    private List<String> rows(String sql) {
        StatementResult.Rows rows = (StatementResult.Rows) engine.execute(sql);
        return rows.rows().stream()
                .map(r -> Arrays.stream(r).map(String::valueOf).collect(Collectors.joining(" | ")))
                .toList();
    }

    @Test
    void everyWindowFiresAtTheStreamsEnd() throws IOException {
        Path file = dir.resolve("bids.csv");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "ann,10,2026-01-01 08:00:01",
                        "bob,30,2026-01-01 08:00:02",
                        "cat,20,2026-01-01 08:00:04",
                        "dan,40,2026-01-01 08:00:12",
                        "eve,25,2026-01-01 08:00:13",
                        "fay,35,2026-01-01 08:00:14",
                        ""),
                StandardCharsets.UTF_8);
        engine.execute(
                "CREATE STREAM bids (bidder VARCHAR, price INT, bidtime TIMESTAMP(3), WATERMARK FOR"
                        + " bidtime AS bidtime - INTERVAL '1' SECOND) WITH ('connector' = 'file',"
                        + " 'path' = '"
                        + file
                        + "', 'format' = 'csv')");
        // The last window, [08:00:10, 08:00:20), ends after the last row's watermark (08:00:13):
        // only the stream's end completes it.
        assertThat(
                        rows(
                                "SELECT bidder, price, rownum FROM (SELECT *, ROW_NUMBER() OVER"
                                        + " (PARTITION BY window_start, window_end ORDER BY price"
                                        + " DESC) AS rownum FROM TABLE(TUMBLE(TABLE bids,"
                                        + " DESCRIPTOR(bidtime), INTERVAL '10' SECOND))) WHERE"
                                        + " rownum <= 2 ORDER BY bidder"))
                .containsExactly("bob | 30 | 1", "cat | 20 | 2", "dan | 40 | 1", "fay | 35 | 2");
    }
}
