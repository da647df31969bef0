package dev.weir.executor.connector.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    private static final List<String> COLUMNS = List.of("id", "name", "price", "ts", "ok");
    private static final List<ValueType> TYPES =
            List.of(
                    ValueType.BIGINT,
                    ValueType.VARCHAR,
                    ValueType.DECIMAL,
                    ValueType.TIMESTAMP,
                    ValueType.BOOLEAN);

    @TempDir Path dir;

    private static List<Row> readAll(FileSource source) {
        List<Row> rows = new ArrayList<>();
        while (!source.isEnded()) {
            rows.addAll(source.poll(2));
        }
        return rows;
    }

    @Test
    void csvWithQuotesNewlinesNullsAndAHeader() throws IOException {
        Path file = dir.resolve("a.csv");
        Files.writeString(
                file,
                "id,name,price,ts,ok\n"
                        + "1,plain,1.50,2026-01-01 08:00:00,true\n"
                        + "2,\"with, comma and \"\"quotes\"\"\",2,2026-01-01 08:00:01.250,false\n"
                        + "3,\"two\nlines\",,2026-01-01 08:00:02,\n"
                        + "4,\"\",0.1,2026-01-01 08:00:03,TRUE",
                StandardCharsets.UTF_8);
        FileSource source = new FileSource(file, FileFormat.CSV, COLUMNS, TYPES, true, false);
        assertThat(readAll(source))
                .containsExactly(
                        Row.of(1L, "plain", new BigDecimal("1.50"), 1767254400000L, true),
                        Row.of(
                                2L,
                                "with, comma and \"quotes\"",
                                new BigDecimal("2"),
                                1767254401250L,
                                false),
                        Row.of(3L, "two\nlines", null, 1767254402000L, null),
                        Row.of(4L, "", new BigDecimal("0.1"), 1767254403000L, true));
        assertThat(source.malformedCount()).isZero();
    }

    @Test
    void malformedCsvRecordsAreCountedAndSkipped() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(
                file,
                "1,a,1,2026-01-01 08:00:00,true\n"
                        + "x,b,1,2026-01-01 08:00:00,true\n"
                        + "3,c,1,2026-13-01 08:00:00,true\n"
                        + "4,d,1\n"
                        + "5,e\"f,1,2026-01-01 08:00:00,true\n"
                        + "6,g,1,2026-01-01 08:00:00,maybe\n"
                        + "7,h,1,2026-01-01 08:00:00,false\n",
                StandardCharsets.UTF_8);
        FileSource source = new FileSource(file, FileFormat.CSV, COLUMNS, TYPES, false, false);
        List<Row> rows = readAll(source);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly(1L, 7L);
        assertThat(source.malformedCount()).isEqualTo(5);
        assertThat(source.lastError()).contains("line 6: 'maybe' is not a boolean");
    }

    @Test
    void jsonLinesMatchKeysCaseInsensitivelyAndMissingKeysAreNull() throws IOException {
        Path file = dir.resolve("a.json");
        Files.writeString(
                file,
                "{\"ID\": 1, \"Name\": \"x\", \"price\": 2.25, \"ts\": \"2026-01-01 08:00:00\", \"ok\": true}\n"
                        + "{\"id\": 2, \"ts\": 1767254400500}\n"
                        + "{\"id\": \"three\"}\n"
                        + "not json\n"
                        + "[1, 2]\n"
                        + "{\"id\": 4, \"price\": \"9\"}\n",
                StandardCharsets.UTF_8);
        FileSource source = new FileSource(file, FileFormat.JSON, COLUMNS, TYPES, false, false);
        assertThat(readAll(source))
                .containsExactly(
                        Row.of(1L, "x", new BigDecimal("2.25"), 1767254400000L, true),
                        Row.of(2L, null, null, 1767254400500L, null));
        assertThat(source.malformedCount()).isEqualTo(4);
    }

    @Test
    void tailingReadsAppendedRecordsOnlyWhenWhole() throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(
                file,
                "1,a,1,2026-01-01 08:00:00,true\n2,b,2,2026-01-01 08:0",
                StandardCharsets.UTF_8);
        FileSource source = new FileSource(file, FileFormat.CSV, COLUMNS, TYPES, false, true);
        assertThat(source.poll(10)).extracting(r -> r.get(0)).containsExactly(1L);
        assertThat(source.poll(10)).isEmpty();
        Files.writeString(file, "0:01,false\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(source.poll(10)).extracting(r -> r.get(0)).containsExactly(2L);
        assertThat(source.isEnded()).isFalse();
        assertThat(source.position()).isEqualTo(Files.size(file));
    }
}
