package dev.weir.executor.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {
    private static final SourceSchema SCHEMA =
            SourceSchema.of(
                    List.of("b", "i", "l", "d", "x", "s", "day", "tod", "ts"),
                    List.of(
                            ValueType.BOOLEAN,
                            ValueType.INTEGER,
                            ValueType.BIGINT,
                            ValueType.DECIMAL,
                            ValueType.DOUBLE,
                            ValueType.VARCHAR,
                            ValueType.DATE,
                            ValueType.TIME,
                            ValueType.TIMESTAMP));

    private static final List<Row> ROWS =
            List.of(
                    Row.of(
                            true,
                            -7,
                            1L << 40,
                            new BigDecimal("12.50"),
                            2.5e-3,
                            "a, \"quoted\"\nline",
                            20_000,
                            45_296_789,
                            1_767_254_820_123L),
                    Row.of(false, 0, 0L, new BigDecimal("-0.001"), 1e300, "", 0, 0, -1L),
                    Row.of(null, null, null, null, null, null, null, null, null));

    @Test
    void csvAndJsonRecordsReadBackAsTheValuesWritten() {
        for (FileFormat format : FileFormat.values()) {
            RecordEncoder encoder = RecordEncoder.of(format, SCHEMA);
            RecordDecoder decoder = RecordDecoder.of(format, SCHEMA);
            for (Row row : ROWS) {
                assertThat(Row.wrap(decoder.decode(encoder.encode(row))))
                        .as(format + " " + row)
                        .isEqualTo(row);
            }
        }
    }

    @Test
    void recordsAreWrittenAsTheDialectSpellsThem() {
        assertThat(RecordEncoder.of(FileFormat.CSV, SCHEMA).encode(ROWS.get(0)))
                .isEqualTo(
                        "true,-7,1099511627776,12.50,0.0025,\"a, \"\"quoted\"\"\nline\","
                                + "2024-10-04,12:34:56.789,2026-01-01 08:07:00.123");
        assertThat(RecordEncoder.of(FileFormat.JSON, SCHEMA).encode(ROWS.get(2)))
                .isEqualTo(
                        "{\"b\":null,\"i\":null,\"l\":null,\"d\":null,\"x\":null,\"s\":null,"
                                + "\"day\":null,\"tod\":null,\"ts\":null}");
        assertThat(RecordEncoder.of(FileFormat.CSV, SCHEMA).encode(ROWS.get(1)))
                .isEqualTo(
                        "false,0,0,-0.001,1.0E300,\"\",1970-01-01,00:00:00.000,1969-12-31 23:59:59.999");
    }

    @Test
    void aNonFiniteNumberIsRefusedNotWrittenAsText() {
        Row nan = Row.of(null, null, null, null, Double.NaN, null, null, null, null);
        assertThatThrownBy(() -> RecordEncoder.of(FileFormat.JSON, SCHEMA).encode(nan))
                .hasMessage("column 'x': NaN cannot be written as a plain number");
    }
}
