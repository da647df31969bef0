package dev.weir.executor.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceSchema;
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
    private static final SourceSchema SCHEMA = SourceSchema.of(COLUMNS, TYPES);

    /** One column of every type, in ValueType's order. */
    private static final SourceSchema ALL_TYPES =
            SourceSchema.of(
                    List.of("b", "ti", "si", "i", "bi", "dec", "r", "d", "s", "dt", "tm", "ts"),
                    List.of(
                            ValueType.BOOLEAN,
                            ValueType.TINYINT,
                            ValueType.SMALLINT,
                            ValueType.INTEGER,
                            ValueType.BIGINT,
                            ValueType.DECIMAL,
                            ValueType.REAL,
                            ValueType.DOUBLE,
                            ValueType.VARCHAR,
                            ValueType.DATE,
                            ValueType.TIME,
                            ValueType.TIMESTAMP));

    private static final Row ALL_TYPES_ROW =
            Row.of(
                    true,
                    (byte) -8,
                    (short) 300,
                    70_000,
                    5_000_000_000L,
                    new BigDecimal("12.340"),
                    1.5f,
                    -2.25e-3,
                    "text",
                    20_454, // 2026-01-01
                    (8 * 3600 + 30 * 60 + 15) * 1000 + 250,
                    1_767_256_215_250L); // 2026-01-01 08:30:15.250

    @TempDir Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static List<Row> readAll(FileSource source) {
        List<Row> rows = new ArrayList<>();
        while (!source.isEnded()) {
            rows.addAll(source.poll(2));
        }
        return rows;
    }

    @Test
    void csvDecodesEveryType() throws IOException {
        Path file =
                write(
                        "types.csv",
                        "true,-8,300,70000,5000000000,12.340,1.5,-2.25e-3,text,2026-01-01,"
                                + "08:30:15.250,2026-01-01 08:30:15.250\n"
                                + ",,,,,,,,,,,\n");
        FileSource source = new FileSource(file, FileFormat.CSV, ALL_TYPES, false, false);
        assertThat(readAll(source))
                .containsExactly(ALL_TYPES_ROW, Row.wrap(new Object[ALL_TYPES.size()]));
        assertThat(source.malformedCount()).isZero();
    }

    /** (k VARCHAR, d DECIMAL(5, 2)). */
    private static final SourceSchema DECIMALS =
            new SourceSchema(
                    List.of(
                            new SourceSchema.Column("k", ValueType.VARCHAR, true),
                            SourceSchema.Column.decimal("d", true, 5, 2)),
                    -1);

    @Test
    void decimalsAreReadAtTheColumnsScaleRoundedHalfUpAndTooManyDigitsAreMalformed()
            throws IOException {
        // Found by the oracle (decimal-scale-as-written): 12.5 and 12.50 were two GROUP BY keys.
        String csv =
                "a,12.5\nb,12.50\nc,12.500\nd,12.505\ne,-12.505\nf,1.25e1\ng,1234.5\nh,999.995\n"
                        + "i,0\n";
        String json =
                "{\"k\":\"a\",\"d\":12.5}\n{\"k\":\"b\",\"d\":12.50}\n"
                        + "{\"k\":\"c\",\"d\":12.500}\n{\"k\":\"d\",\"d\":12.505}\n"
                        + "{\"k\":\"e\",\"d\":-12.505}\n{\"k\":\"f\",\"d\":1.25e1}\n"
                        + "{\"k\":\"g\",\"d\":1234.5}\n{\"k\":\"h\",\"d\":999.995}\n"
                        + "{\"k\":\"i\",\"d\":0}\n";
        for (FileSource source :
                List.of(
                        new FileSource(write("d.csv", csv), FileFormat.CSV, DECIMALS, false, false),
                        new FileSource(
                                write("d.json", json), FileFormat.JSON, DECIMALS, false, false))) {
            List<Row> rows = readAll(source);
            assertThat(rows)
                    .extracting(r -> ((BigDecimal) r.get(1)).toPlainString())
                    .containsExactly("12.50", "12.50", "12.50", "12.51", "-12.51", "12.50", "0.00");
            assertThat(source.malformedCount()).isEqualTo(2);
            assertThat(source.lastError())
                    .contains("line 8: column 'd': '999.995' does not fit DECIMAL(5, 2)");
        }
    }

    @Test
    void csvWithQuotesNewlinesNullsCrLfAndAHeader() throws IOException {
        Path file =
                write(
                        "a.csv",
                        "id,name,price,ts,ok\r\n"
                                + "1,plain,1.50,2026-01-01 08:00:00,true\r\n"
                                + "2,\"with, comma and \"\"quotes\"\"\",2,2026-01-01T08:00:01.250,false\n"
                                + "3,\"two\r\nlines\",,2026-01-01 08:00:02,\n"
                                + "4,\"\",0.1,2026-01-01 08:00:03,TRUE\n"
                                + "5,\"\"\"\",-0,2026-01-01 08:00:04.5,false");
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, true, false);
        assertThat(readAll(source))
                .containsExactly(
                        Row.of(1L, "plain", new BigDecimal("1.50"), 1767254400000L, true),
                        Row.of(
                                2L,
                                "with, comma and \"quotes\"",
                                new BigDecimal("2"),
                                1767254401250L,
                                false),
                        Row.of(3L, "two\r\nlines", null, 1767254402000L, null),
                        Row.of(4L, "", new BigDecimal("0.1"), 1767254403000L, true),
                        Row.of(5L, "\"", new BigDecimal("-0"), 1767254404500L, false));
        assertThat(source.malformedCount()).isZero();
        assertThat(source.lineNumber()).isEqualTo(8);
        assertThat(source.byteOffset()).isEqualTo(Files.size(file));
    }

    @Test
    void malformedCsvRecordsAreCountedAndSkippedWithTheirLineNumbers() throws IOException {
        Path file =
                write(
                        "bad.csv",
                        "1,a,1,2026-01-01 08:00:00,true\n"
                                + "x,b,1,2026-01-01 08:00:00,true\n"
                                + "3,c,1,2026-13-01 08:00:00,true\n"
                                + "4,d,1\n"
                                + "5,e\"f,1,2026-01-01 08:00:00,true\n"
                                + "6,\"g\"h,1,2026-01-01 08:00:00,true\n"
                                + "7,\"multi\nline\",1,2026-02-30 08:00:00,true\n"
                                + "8,h,1e400x,2026-01-01 08:00:00,true\n"
                                + "9,i,0x10,2026-01-01 08:00:00,true\n"
                                + "10,j,1,2026-01-01 08:00,true\n"
                                + "11,k,1,2026-01-01 08:00:00,true,extra\n"
                                + "12,l,1,2026-01-01 08:00:00,maybe\n"
                                + "13,m,1,2026-01-01 08:00:00,false\n");
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, false, false);
        List<Row> rows = readAll(source);
        assertThat(rows).extracting(r -> r.get(0)).containsExactly(1L, 13L);
        assertThat(source.malformedCount()).isEqualTo(11);
        assertThat(source.lastError()).contains("line 13: column 'ok': 'maybe' is not a boolean");
    }

    @Test
    void theLineOfAnErrorCountsTheNewlinesInsideQuotedFields() throws IOException {
        Path file =
                write(
                        "lines.csv",
                        "1,\"a\nb\nc\",1,2026-01-01 08:00:00,true\n"
                                + "2,\"d\",1,2026-02-30 08:00:00,true\n");
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, false, false);
        assertThat(readAll(source)).hasSize(1);
        assertThat(source.lastError())
                .contains("line 4: column 'ts': '2026-02-30 08:00:00' is not a valid TIMESTAMP");
    }

    @Test
    void anUnclosedQuoteAtTheEndIsOneMalformedRecord() throws IOException {
        Path file = write("open.csv", "1,a,1,2026-01-01 08:00:00,true\n2,\"never closed,1\n3,x\n");
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, false, false);
        assertThat(readAll(source)).hasSize(1);
        assertThat(source.malformedCount()).isEqualTo(1);
        assertThat(source.lastError()).contains("line 2: a quoted field is not closed");
    }

    @Test
    void aNullInANotNullColumnIsMalformed() throws IOException {
        SourceSchema notNull =
                new SourceSchema(
                        List.of(
                                new SourceSchema.Column("id", ValueType.BIGINT, false),
                                new SourceSchema.Column("ts", ValueType.TIMESTAMP, false)),
                        1);
        Path file = write("nn.csv", "1,2026-01-01 00:00:00\n2,\n,2026-01-01 00:00:00\n");
        FileSource source = new FileSource(file, FileFormat.CSV, notNull, false, false);
        assertThat(readAll(source)).containsExactly(Row.of(1L, 1767225600000L));
        assertThat(source.malformedCount()).isEqualTo(2);
        assertThat(source.lastError()).contains("line 3: column 'id' is NOT NULL but has no value");
    }

    @Test
    void jsonDecodesEveryType() throws IOException {
        Path file =
                write(
                        "types.json",
                        "{\"b\": true, \"ti\": -8, \"si\": 300, \"i\": 70000, \"bi\": 5000000000,"
                                + " \"dec\": 12.340, \"r\": 1.5, \"d\": -2.25e-3, \"s\": \"text\","
                                + " \"dt\": \"2026-01-01\", \"tm\": \"08:30:15.250\","
                                + " \"ts\": \"2026-01-01 08:30:15.250\"}\n"
                                + "{\"ts\": 1767256215250, \"s\": null}\n"
                                + "\n");
        FileSource source = new FileSource(file, FileFormat.JSON, ALL_TYPES, false, false);
        Object[] second = new Object[ALL_TYPES.size()];
        second[11] = 1_767_256_215_250L;
        assertThat(readAll(source)).containsExactly(ALL_TYPES_ROW, Row.wrap(second));
        assertThat(source.malformedCount()).isZero();
    }

    @Test
    void jsonLinesMatchKeysCaseInsensitivelyAndRejectWrongTypes() throws IOException {
        Path file =
                write(
                        "a.json",
                        "{\"ID\": 1, \"Name\": \"x\", \"price\": 2.25, \"ts\": \"2026-01-01"
                                + " 08:00:00\", \"ok\": true, \"other\": [1]}\n"
                                + "{\"id\": 2, \"ts\": 1767254400500}\n"
                                + "{\"id\": \"three\"}\n"
                                + "not json\n"
                                + "[1, 2]\n"
                                + "{\"id\": 4, \"price\": \"9\"}\n"
                                + "{\"id\": 5.5}\n"
                                + "{\"id\": 6, \"name\": 6}\n"
                                + "{\"id\": 7, \"ok\": \"true\"}\n"
                                + "{\"id\": 8, \"ts\": 1.5}\n"
                                + "{\"id\": 9} trailing\n"
                                + "{\"id\": 10, \"name\": {\"nested\": 1}}\n"
                                + "{\"id\": 99999999999999999999}\n"
                                + "{\"id\": 11, \"price\": 0.10}\n");
        FileSource source = new FileSource(file, FileFormat.JSON, SCHEMA, false, false);
        assertThat(readAll(source))
                .containsExactly(
                        Row.of(1L, "x", new BigDecimal("2.25"), 1767254400000L, true),
                        Row.of(2L, null, null, 1767254400500L, null),
                        Row.of(11L, null, new BigDecimal("0.10"), null, null));
        assertThat(source.malformedCount()).isEqualTo(11);
        assertThat(source.lastError())
                .hasValueSatisfying(e -> assertThat(e).startsWith("line 13:"));
    }

    @Test
    void tailingReadsAppendedRecordsOnlyWhenWhole() throws IOException {
        Path file = write("t.csv", "1,a,1,2026-01-01 08:00:00,true\n2,b,2,2026-01-01 08:0");
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, false, true);
        assertThat(source.poll(10)).extracting(r -> r.get(0)).containsExactly(1L);
        assertThat(source.poll(10)).isEmpty();
        Files.writeString(
                file, "0:01,false\n3,", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(source.poll(10)).extracting(r -> r.get(0)).containsExactly(2L);
        assertThat(source.isEnded()).isFalse();
        assertThat(source.position()).isEqualTo(SourcePosition.of(Files.size(file) - 2, 3));
        Files.writeString(
                file,
                "c,3,2026-01-01 08:00:02,true\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(source.poll(10)).extracting(r -> r.get(0)).containsExactly(3L);
    }

    @Test
    void aTailedFileThatDoesNotExistYetIsWaitedFor() throws IOException {
        Path file = dir.resolve("later.json");
        FileSource source = new FileSource(file, FileFormat.JSON, SCHEMA, false, true);
        assertThat(source.poll(10)).isEmpty();
        write("later.json", "{\"id\": 1}\n");
        assertThat(source.poll(10)).containsExactly(Row.of(1L, null, null, null, null));
    }

    @Test
    void aBoundedFileThatDoesNotExistIsAConnectorError() {
        FileSource source =
                new FileSource(dir.resolve("none.csv"), FileFormat.CSV, SCHEMA, false, false);
        assertThatThrownBy(() -> source.poll(10))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTOR_ERROR);
                            assertThat(e.getMessage())
                                    .contains("none.csv")
                                    .contains("does not exist");
                        });
    }

    @Test
    void aReplayFromAPositionReadsExactlyTheRest() throws IOException {
        StringBuilder content = new StringBuilder("id,name,price,ts,ok\n");
        for (int i = 0; i < 500; i++) {
            String name = i % 7 == 0 ? "\"multi\nline " + i + "\"" : "n" + i;
            String price = i % 11 == 0 ? "bad" : i + ".5";
            content.append(i).append(',').append(name).append(',').append(price);
            content.append(",2026-01-01 08:00:00,true\n");
        }
        Path file = write("replay.csv", content.toString());
        FileSource full = new FileSource(file, FileFormat.CSV, SCHEMA, true, false);
        List<Row> all = readAll(full);
        assertThat(all).hasSize(500 - 46);

        FileSource first = new FileSource(file, FileFormat.CSV, SCHEMA, true, false);
        List<Row> head = new ArrayList<>(first.poll(100));
        SourcePosition position = first.position();
        FileSource rest = new FileSource(file, FileFormat.CSV, SCHEMA, true, false);
        rest.open(SourcePosition.fromBytes(position.toBytes()));
        List<Row> tail = readAll(rest);
        assertThat(head).isEqualTo(all.subList(0, 100));
        assertThat(tail).isEqualTo(all.subList(100, all.size()));
        assertThat(first.malformedCount() + rest.malformedCount()).isEqualTo(46);
        assertThat(rest.lastError()).isEqualTo(full.lastError());
    }

    @Test
    void aRecordLongerThanOneReadIsReadWhole() throws IOException {
        String longName = "x".repeat(200_000);
        Path file =
                write("long.json", "{\"id\": 1, \"name\": \"" + longName + "\"}\n{\"id\": 2}\n");
        FileSource source = new FileSource(file, FileFormat.JSON, SCHEMA, false, false);
        assertThat(readAll(source))
                .containsExactly(
                        Row.of(1L, longName, null, null, null), Row.of(2L, null, null, null, null));
    }

    @Test
    void multiByteCharactersSurviveReadBoundaries() throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            content.append(i).append(",çğüşöı€😀,1,2026-01-01 00:00:00,true\n");
        }
        Path file = write("utf8.csv", content.toString());
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, false, false);
        List<Row> rows = readAll(source);
        assertThat(rows)
                .hasSize(20_000)
                .allSatisfy(r -> assertThat(r.get(1)).isEqualTo("çğüşöı€😀"));
    }

    @Test
    void aFinalLineEndIsNoRecordButABlankLineIsAMalformedOne() throws IOException {
        Path ended = write("ended.csv", "1,a,1,1969-12-31 23:59:59.999,true\r\n");
        FileSource source = new FileSource(ended, FileFormat.CSV, SCHEMA, false, false);
        assertThat(readAll(source)).containsExactly(Row.of(1L, "a", BigDecimal.ONE, -1L, true));
        assertThat(source.malformedCount()).isZero();
        assertThat(source.lineNumber()).isEqualTo(2);

        Path blank = write("blank.csv", "1,a,1,1969-12-31 23:59:59.999,true\n\n");
        FileSource withBlank = new FileSource(blank, FileFormat.CSV, SCHEMA, false, false);
        assertThat(readAll(withBlank)).hasSize(1);
        assertThat(withBlank.malformedCount()).isEqualTo(1);
        assertThat(withBlank.lastError()).contains("line 2: expected 5 fields, found 1");
    }

    @Test
    void invalidDatesAreCountedPerSourceWithTheirLines() throws IOException {
        Path file =
                write(
                        "dates.csv",
                        "1,a,1,2024-02-29 00:00:00,true\n"
                                + "2,b,1,2023-02-29 00:00:00,true\n"
                                + "3,c,1,-0044-03-15 12:00:00,true\n"
                                + "4,d,1,1900-02-29 00:00:00,true\n");
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, false, false);
        assertThat(readAll(source))
                .extracting(r -> r.get(3))
                .containsExactly(1709164800000L, -63549316800000L);
        assertThat(source.malformedCount()).isEqualTo(2);
        assertThat(source.lastError())
                .contains("line 4: column 'ts': '1900-02-29 00:00:00' is not a valid TIMESTAMP");
    }

    /**
     * Random records, some quoted over several lines, some malformed, one longer than a read, with
     * LF and CRLF line ends, read a few at a time: every record whole, decoded as the reference
     * decoder decodes it, and every problem on its line.
     */
    @Test
    void recordsAcrossReadBoundariesAreCutAndDecodedAsTheReferenceDoes() throws IOException {
        java.util.Random random = new java.util.Random(13);
        ReferenceCsvDecoder reference = new ReferenceCsvDecoder(SCHEMA);
        StringBuilder content = new StringBuilder("id,name,price,ts,ok\n");
        List<Row> expected = new ArrayList<>();
        long line = 2;
        long malformed = 0;
        String lastError = null;
        for (int i = 0; i < 3_000; i++) {
            String name =
                    switch (random.nextInt(6)) {
                        case 0 -> "\"quoted, \"\"with\"\"\r\nlines\n\"";
                        case 1 -> i == 1_500 ? "\"" + "y".repeat(150_000) + "\"" : "\"\"";
                        case 2 -> "";
                        default -> "né" + i;
                    };
            String ts =
                    random.nextInt(10) == 0
                            ? "2023-02-29 00:00:00"
                            : String.format(
                                    "%04d-%02d-%02d %02d:00:00.%d",
                                    random.nextInt(3000),
                                    1 + random.nextInt(12),
                                    1 + random.nextInt(28),
                                    random.nextInt(24),
                                    random.nextInt(1000));
            String record = i + "," + name + "," + random.nextInt(100) + ".5," + ts + ",true";
            content.append(record).append(random.nextBoolean() ? "\n" : "\r\n");
            try {
                expected.add(Row.wrap(reference.decode(record)));
            } catch (IllegalArgumentException e) {
                malformed++;
                lastError = "line " + line + ": " + e.getMessage();
            }
            line += record.chars().filter(c -> c == '\n').count() + 1;
        }
        Path file = write("random.csv", content.toString());
        FileSource source = new FileSource(file, FileFormat.CSV, SCHEMA, true, false);
        List<Row> rows = new ArrayList<>();
        while (!source.isEnded()) {
            rows.addAll(source.poll(1 + random.nextInt(50)));
        }
        assertThat(rows).isEqualTo(expected);
        assertThat(source.malformedCount()).isEqualTo(malformed).isPositive();
        assertThat(source.lastError()).contains(lastError);
        assertThat(source.lineNumber()).isEqualTo(line);
        assertThat(source.byteOffset()).isEqualTo(Files.size(file));
    }

    @Test
    void aPastPollIsReadAgainUpToItsPositionAloneThoughMoreWasWrittenSince() throws IOException {
        Path file = dir.resolve("replay.csv");
        SourceSchema ids = SourceSchema.of(List.of("id"), List.of(ValueType.BIGINT));
        Files.writeString(file, "1\nx\n2\ny\n");
        List<Row> first;
        SourcePosition after;
        try (FileSource source = new FileSource(file, FileFormat.CSV, ids, false, true)) {
            first = source.poll(10); // ends after the malformed 'y'
            after = source.position();
        }
        assertThat(first).containsExactly(Row.of(1L), Row.of(2L));
        Files.writeString(file, "3\n", StandardOpenOption.APPEND);
        try (FileSource again = new FileSource(file, FileFormat.CSV, ids, false, true)) {
            again.open(SourcePosition.START);
            assertThat(again.pollUntil(after)).isEqualTo(first);
            assertThat(again.position()).isEqualTo(after);
            assertThat(again.malformedCount()).isEqualTo(2);
            assertThat(again.poll(10)).containsExactly(Row.of(3L));
        }
        try (FileSource cut = new FileSource(file, FileFormat.CSV, ids, false, true)) {
            cut.open(SourcePosition.START);
            assertThatThrownBy(() -> cut.pollUntil(SourcePosition.of(100, 9)))
                    .isInstanceOf(WeirException.class)
                    .hasMessage(
                            "The file '"
                                    + file
                                    + "' ends at byte 10, before byte 100 that this query had"
                                    + " read before it restarted: it was truncated or replaced.");
        }
    }
}
