package dev.weir.executor.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsTest {
    private static final Connectors CONNECTORS = Connectors.withClock(() -> 0);
    private static final SourceSchema BID = NexmarkTable.BID.schema();
    private static final SourceSchema TWO =
            SourceSchema.of(List.of("id", "name"), List.of(ValueType.BIGINT, ValueType.VARCHAR));

    @TempDir Path dir;

    private static void assertInvalid(
            Map<String, String> options, SourceSchema schema, String message) {
        assertThatThrownBy(() -> CONNECTORS.open(options, schema))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                            assertThat(e.getMessage()).isEqualTo(message);
                        });
        assertThatThrownBy(() -> CONNECTORS.validate(options, schema))
                .isInstanceOf(WeirException.class)
                .hasMessage(message);
    }

    @Test
    void aBoundedNexmarkStreamReadsItsTableAndEnds() {
        Map<String, String> options =
                Map.of("connector", "nexmark", "table", "Bid", "max-events", "1000", "seed", "4");
        assertThat(CONNECTORS.isBounded(options)).isTrue();
        SourceReader reader = CONNECTORS.open(options, BID);
        List<Row> rows = new ArrayList<>();
        while (!reader.isEnded()) {
            rows.addAll(reader.poll(64));
        }
        assertThat(rows).hasSize(920);
        assertThat(reader.position()).isEqualTo(SourcePosition.of(1000));
        assertThat(BID.timeColumn()).isEqualTo(5);
    }

    @Test
    void aFileStreamDecodesItsFormat() throws IOException {
        Path file = dir.resolve("f.csv");
        Files.writeString(file, "id,name\n1,a\n2,\n");
        Map<String, String> options =
                Map.of(
                        "connector",
                        "file",
                        "path",
                        file.toString(),
                        "format",
                        "CSV",
                        "header",
                        "true");
        assertThat(CONNECTORS.isBounded(options)).isTrue();
        SourceReader reader = CONNECTORS.open(options, TWO);
        assertThat(reader.poll(10)).containsExactly(Row.of(1L, "a"), Row.of(2L, null));
        assertThat(reader.poll(10)).isEmpty();
        assertThat(reader.isEnded()).isTrue();
        assertThat(CONNECTORS.isBounded(Map.of("connector", "file", "tail", "true"))).isFalse();
    }

    @Test
    void badOptionsAreNamed() {
        assertInvalid(Map.of("table", "bid"), BID, "Option 'connector' is required.");
        assertInvalid(
                Map.of("connector", "kafkaesque"),
                BID,
                "Unknown connector 'kafkaesque'; the connectors are 'file', 'kafka', 'nexmark'.");
        assertInvalid(
                Map.of("connector", "nexmark"),
                BID,
                "Option 'table' is required for connector 'nexmark'.");
        assertInvalid(
                Map.of("connector", "nexmark", "table", "bids"),
                BID,
                "Option 'table' must be one of auction, bid, person, not 'bids'.");
        assertInvalid(
                Map.of("connector", "nexmark", "table", "bid", "events-per-second", "fast"),
                BID,
                "Option 'events-per-second' must be a whole number, not 'fast'.");
        assertInvalid(
                Map.of("connector", "nexmark", "table", "bid", "max-events", "-1"),
                BID,
                "Option 'max-events' must be at least 0, not '-1'.");
        assertInvalid(
                Map.of("connector", "nexmark", "table", "bid", "rate", "1"),
                BID,
                "Unknown option 'rate' for connector 'nexmark'; its options are base-time,"
                        + " connector, events-per-second, max-events, seed, table.");
        assertInvalid(
                Map.of("connector", "nexmark", "table", "person"),
                BID,
                "A Nexmark 'person' stream has the columns (id BIGINT, name VARCHAR, emailAddress"
                        + " VARCHAR, creditCard VARCHAR, city VARCHAR, state VARCHAR, dateTime"
                        + " TIMESTAMP(3), extra VARCHAR).");
        assertInvalid(
                Map.of("connector", "file", "format", "csv"),
                TWO,
                "Option 'path' is required for connector 'file'.");
        assertInvalid(
                Map.of("connector", "file", "path", "x", "format", "xml"),
                TWO,
                "Option 'format' must be one of csv, json, not 'xml'.");
        assertInvalid(
                Map.of("connector", "file", "path", "x", "format", "csv", "tail", "yes"),
                TWO,
                "Option 'tail' must be 'true' or 'false', not 'yes'.");
        assertInvalid(
                Map.of("connector", "file", "path", "x", "format", "json", "header", "true"),
                TWO,
                "Option 'header' applies to format 'csv' only.");
    }
}
