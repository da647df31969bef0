package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.plan.ExecNode;
import dev.weir.plan.WindowSpec;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.StreamDef;
import java.math.BigDecimal;
import org.apache.calcite.sql.SqlInsert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private Catalog catalog;

    @BeforeEach
    void createBids() {
        catalog = Catalog.inMemory();
        StreamDef bids =
                new Planner(catalog)
                        .stream(
                                (SqlCreateStream)
                                        WeirParser.parseStatement(
                                                "CREATE STREAM bids (bidtime TIMESTAMP NOT NULL,"
                                                        + " price DECIMAL(10, 2), item VARCHAR,"
                                                        + " WATERMARK FOR bidtime AS bidtime -"
                                                        + " INTERVAL '4' SECOND)"));
        catalog.add(bids);
    }

    @Test
    void streamDefinitionKeepsWatermarkAndDefaultMillisecondPrecision() {
        StreamDef bids = (StreamDef) catalog.find("BIDS").orElseThrow();
        assertThat(bids.watermarkColumn()).isEqualTo("bidtime");
        assertThat(bids.watermarkDelayMillis()).isEqualTo(4000);
        assertThat(bids.columns().get(0).typeName()).isEqualTo("TIMESTAMP");
        assertThat(bids.columns().get(0).precision()).isEqualTo(3);
        assertThat(bids.columns().get(0).nullable()).isFalse();
        assertThat(bids.isInternal()).isTrue();
    }

    @Test
    void explainsTheWindowedAggregateOfThePaper() {
        PlannedQuery q =
                new Planner(catalog)
                        .planQuery(
                                WeirParser.parseStatement(
                                        "SELECT window_start, window_end, SUM(price) AS price FROM"
                                                + " TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime),"
                                                + " INTERVAL '10' MINUTE)) GROUP BY window_start,"
                                                + " window_end EMIT STREAM AFTER WATERMARK"));
        assertThat(q.graph().explain())
                .isEqualTo(
                        "StreamCalc(select=[window_start, window_end, price]) changelog=[insert-only]\n"
                                + "  StreamWindowAggregate(window=[TUMBLE], keys=[], calls=[SUM],"
                                + " emit=[after watermark]) changelog=[insert-only]\n"
                                + "    StreamCalc(select=[f0, f1]) changelog=[insert-only]\n"
                                + "      StreamSource(stream=[bids], watermark=[bidtime - 4000ms])"
                                + " changelog=[insert-only]\n");
        assertThat(q.graph().resultKey()).containsExactly(0, 1);
        assertThat(q.emit().stream()).isTrue();
    }

    @Test
    void sessionWindowsInAllThreeForms() {
        for (String call :
                new String[] {
                    "SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE)",
                    "SESSION(TABLE bids, DESCRIPTOR(bidtime), DESCRIPTOR(item), INTERVAL '5' MINUTE)",
                }) {
            PlannedQuery q =
                    new Planner(catalog)
                            .planQuery(
                                    WeirParser.parseStatement(
                                            "SELECT item, window_start, window_end, COUNT(*) AS n"
                                                    + " FROM TABLE("
                                                    + call
                                                    + ") GROUP BY item, window_start, window_end"));
            ExecNode.WindowAggregate w =
                    (ExecNode.WindowAggregate)
                            q.graph().nodes().stream()
                                    .filter(n -> n instanceof ExecNode.WindowAggregate)
                                    .findFirst()
                                    .orElseThrow();
            assertThat(w.window().kind()).isEqualTo(WindowSpec.Kind.SESSION);
            assertThat(w.window().size()).isEqualTo(300_000);
            assertThat(w.window().sessionKeys()).containsExactly(1);
            assertThat(w.keys()).containsExactly(1);
        }
        PlannedQuery global =
                new Planner(catalog)
                        .planQuery(
                                WeirParser.parseStatement(
                                        "SELECT window_start, window_end, COUNT(*) AS n FROM"
                                                + " TABLE(SESSION(TABLE bids, DESCRIPTOR(bidtime),"
                                                + " INTERVAL '5' MINUTE)) GROUP BY window_start,"
                                                + " window_end"));
        assertThat(global.graph().explain()).contains("window=[SESSION]");
    }

    @Test
    void afterWatermarkWithoutWindowsIsRejected() {
        assertThatThrownBy(
                        () ->
                                new Planner(catalog)
                                        .planQuery(
                                                WeirParser.parseStatement(
                                                        "SELECT item FROM bids EMIT AFTER WATERMARK")))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_STREAMING_QUERY);
                            assertThat(e.getMessage())
                                    .startsWith("line 1:23: EMIT AFTER WATERMARK");
                        });
    }

    @Test
    void unknownColumnHasCodeAndPosition() {
        assertThatThrownBy(
                        () ->
                                new Planner(catalog)
                                        .planQuery(
                                                WeirParser.parseStatement("SELECT nope FROM bids")))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
                            assertThat(e.getMessage())
                                    .isEqualTo("line 1:8: Column 'nope' not found in any table.");
                        });
    }

    @Test
    void insertValuesAreTypedAsTheStream() {
        Planner.InsertRows rows =
                new Planner(catalog)
                        .insertValues(
                                (SqlInsert)
                                        WeirParser.parseStatement(
                                                "INSERT INTO bids VALUES (TIMESTAMP '2026-01-01"
                                                        + " 08:07:00', 2, 'A'), (TIMESTAMP"
                                                        + " '2026-01-01 08:11:00', 3.5, NULL)"));
        assertThat(rows.target()).isEqualTo("bids");
        assertThat(rows.rows())
                .containsExactly(
                        Row.of(1767254820000L, new BigDecimal("2.00"), "A"),
                        Row.of(1767255060000L, new BigDecimal("3.50"), null));
        assertThat(rows.rows().get(0).get(1)).isInstanceOf(BigDecimal.class);
    }
}
