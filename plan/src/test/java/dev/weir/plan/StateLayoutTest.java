package dev.weir.plan;

import static dev.weir.common.type.ValueType.BIGINT;
import static dev.weir.common.type.ValueType.DECIMAL;
import static dev.weir.common.type.ValueType.TIMESTAMP;
import static dev.weir.common.type.ValueType.VARCHAR;
import static dev.weir.plan.Nodes.fields;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state layout each node type describes: exactly what its operator's state depends on, and
 * nothing else (generated code, names, input positions the state does not hold).
 */
class StateLayoutTest {
    private static final List<FieldSpec> BID =
            fields("auction", BIGINT, "price", BIGINT, "bidtime", TIMESTAMP);

    /** The window aggregates' input: (bidtime, auction, price). */
    private static final List<FieldSpec> TIMED =
            fields("bidtime", TIMESTAMP, "auction", BIGINT, "price", BIGINT);

    private static String layout(ExecNode node, List<List<FieldSpec>> inputs) {
        return node.stateLayout(inputs);
    }

    @Test
    void aStreamSourceIsItsStreamTimeColumnAndWatermarkDelay() {
        assertThat(layout(Nodes.bid(0), List.of()))
                .isEqualTo("stream=bid, time=bidtime, watermarkDelay=1000ms");
        ExecNode.Source noWatermark =
                new ExecNode.Source(0, "ev", BID, -1, 0, Map.of(), ChangelogMode.INSERT_ONLY);
        assertThat(layout(noWatermark, List.of())).isEqualTo("stream=ev");
    }

    @Test
    void aConnectorSourceAddsTheOptionsThatIdentifyItsPositionsAndNoOthers() {
        ExecNode.Source kafka =
                new ExecNode.Source(
                        0,
                        "bids",
                        BID,
                        2,
                        500,
                        Map.of(
                                "connector", "kafka",
                                "topic", "bids",
                                "bootstrap.servers", "broker:9092",
                                "format", "json",
                                "scan.startup.mode", "earliest-offset",
                                "properties.sasl.jaas.config", "secret"),
                        ChangelogMode.INSERT_ONLY);
        assertThat(layout(kafka, List.of()))
                .isEqualTo(
                        "stream=bids, time=bidtime, watermarkDelay=500ms,"
                                + " options={bootstrap.servers=broker:9092, connector=kafka,"
                                + " topic=bids}");
        ExecNode.Source file =
                new ExecNode.Source(
                        0,
                        "lines",
                        BID,
                        -1,
                        0,
                        Map.of(
                                "connector",
                                "file",
                                "path",
                                "/data/bids.csv",
                                "format",
                                "csv",
                                "tail",
                                "true",
                                "header",
                                "true"),
                        ChangelogMode.INSERT_ONLY);
        assertThat(layout(file, List.of()))
                .isEqualTo("stream=lines, options={connector=file, path=/data/bids.csv}");
        ExecNode.Source nexmark =
                new ExecNode.Source(
                        0,
                        "bid",
                        BID,
                        -1,
                        0,
                        Map.of(
                                "connector",
                                "nexmark",
                                "table",
                                "bid",
                                "seed",
                                "7",
                                "events-per-second",
                                "1000",
                                "max-events",
                                "100",
                                "base-time",
                                "2026-01-01 00:00:00"),
                        ChangelogMode.INSERT_ONLY);
        assertThat(layout(nexmark, List.of()))
                .isEqualTo(
                        "stream=bid, options={base-time=2026-01-01 00:00:00, connector=nexmark,"
                                + " events-per-second=1000, seed=7, table=bid}");
    }

    @Test
    void nodesWithoutStateHaveAnEmptyLayout() {
        assertThat(layout(Nodes.calc(1, 0, BID, "return true;"), List.of(BID))).isEmpty();
        assertThat(
                        layout(
                                new ExecNode.Union(
                                        2, List.of(0, 1), BID, ChangelogMode.INSERT_ONLY),
                                List.of(BID, BID)))
                .isEmpty();
        List<FieldSpec> windowed = new java.util.ArrayList<>(BID);
        windowed.addAll(fields("window_start", TIMESTAMP, "window_end", TIMESTAMP));
        ExecNode.WindowAssign hop =
                new ExecNode.WindowAssign(
                        1,
                        0,
                        windowed,
                        new WindowSpec(WindowSpec.Kind.HOP, 10_000, 5_000, 0, List.of()),
                        2);
        assertThat(layout(hop, List.of(BID))).isEmpty();
    }

    @Test
    void valuesTakeASourceSlot() {
        ExecNode.Values values =
                new ExecNode.Values(0, fields("x", BIGINT), List.of(List.of(1L), List.of(2L)));
        assertThat(layout(values, List.of())).isEqualTo("rows=2");
    }

    @Test
    void aSessionAssignKeepsWholeRowsUnderTheirKeyAndTime() {
        List<FieldSpec> windowed = new java.util.ArrayList<>(BID);
        windowed.addAll(fields("window_start", TIMESTAMP, "window_end", TIMESTAMP));
        ExecNode.WindowAssign session =
                new ExecNode.WindowAssign(
                        1,
                        0,
                        windowed,
                        new WindowSpec(WindowSpec.Kind.SESSION, 5_000, 0, 0, List.of(0)),
                        2);
        assertThat(layout(session, List.of(BID)))
                .isEqualTo(
                        "window=SESSION(gap=5000ms), keys=[BIGINT],"
                                + " rows=[BIGINT, BIGINT, TIMESTAMP], time=2");
    }

    @Test
    void aWindowAggregateIsItsWindowKeyTypesCallsAndEmission() {
        assertThat(layout(Nodes.windowTotals(2, 1, Nodes.tumble(10_000)), List.of(TIMED)))
                .isEqualTo(
                        "window=TUMBLE(size=10000ms, offset=0ms), keys=[BIGINT],"
                                + " calls=[SUM(BIGINT) -> BIGINT, COUNT(*) -> BIGINT],"
                                + " emit=after watermark, allowedLateness=0ms");
        ExecNode.WindowAggregate hop =
                Nodes.windowTotals(
                        2, 1, new WindowSpec(WindowSpec.Kind.HOP, 10_000, 2_000, 500, List.of()));
        assertThat(layout(hop, List.of(TIMED)))
                .startsWith("window=HOP(size=10000ms, slide=2000ms, offset=500ms), keys=");
        ExecNode.WindowAggregate cumulate =
                Nodes.windowTotals(
                        2,
                        1,
                        new WindowSpec(WindowSpec.Kind.CUMULATE, 60_000, 10_000, 0, List.of()));
        assertThat(layout(cumulate, List.of(TIMED)))
                .startsWith("window=CUMULATE(size=60000ms, step=10000ms, offset=0ms), keys=");
        ExecNode.WindowAggregate everyChange =
                new ExecNode.WindowAggregate(
                        2,
                        1,
                        fields(
                                "auction",
                                BIGINT,
                                "window_start",
                                TIMESTAMP,
                                "window_end",
                                TIMESTAMP,
                                "total",
                                BIGINT),
                        new WindowSpec(WindowSpec.Kind.SESSION, 3_000, 0, 0, List.of(1)),
                        0,
                        List.of(1),
                        List.of(Nodes.sum(2)),
                        false,
                        2_000);
        assertThat(layout(everyChange, List.of(TIMED)))
                .isEqualTo(
                        "window=SESSION(gap=3000ms), keys=[BIGINT], calls=[SUM(BIGINT) -> BIGINT],"
                                + " emit=every change, allowedLateness=2000ms");
    }

    @Test
    void aWindowAggregateLayoutLeavesOutNamesTimeFieldAndInputPositions() {
        ExecNode.WindowAggregate base = Nodes.windowTotals(2, 1, Nodes.tumble(10_000));
        // The same aggregate over (auction, price, bidtime): other positions, other names.
        ExecNode.WindowAggregate moved =
                new ExecNode.WindowAggregate(
                        7,
                        6,
                        fields(
                                "f0",
                                BIGINT,
                                "window_start",
                                TIMESTAMP,
                                "window_end",
                                TIMESTAMP,
                                "$f3",
                                BIGINT,
                                "$f4",
                                BIGINT),
                        Nodes.tumble(10_000),
                        2,
                        List.of(0),
                        List.of(Nodes.sum(1), Nodes.countStar()),
                        true,
                        0);
        assertThat(layout(moved, List.of(BID))).isEqualTo(layout(base, List.of(TIMED)));
    }

    @Test
    void aGroupAggregateIsItsKeyTypesGroupingSetsAsKeyPositionsAndCalls() {
        List<FieldSpec> input = fields("k", BIGINT, "v", DECIMAL, "w", VARCHAR, "p", TIMESTAMP);
        ExecNode.GroupAggregate node =
                new ExecNode.GroupAggregate(
                        1,
                        0,
                        fields("k", BIGINT, "w", VARCHAR, "n", BIGINT, "a", DECIMAL),
                        List.of(0, 2),
                        List.of(List.of(0, 2), List.of(0), List.of()),
                        List.of(
                                new AggregateCallSpec(
                                        AggregateKind.COUNT, 2, true, 3, VARCHAR, BIGINT, -1),
                                new AggregateCallSpec(
                                        AggregateKind.AVG, 1, false, -1, DECIMAL, DECIMAL, 2)));
        assertThat(layout(node, List.of(input)))
                .isEqualTo(
                        "keys=[BIGINT, VARCHAR], groupingSets=[[0, 1], [0], []],"
                                + " calls=[COUNT(DISTINCT VARCHAR) FILTER -> BIGINT,"
                                + " AVG(DECIMAL) -> DECIMAL(scale=2)], result=multiset");
        ExecNode.GroupAggregate global =
                new ExecNode.GroupAggregate(
                        1,
                        0,
                        fields("n", BIGINT),
                        List.of(),
                        List.of(),
                        List.of(Nodes.countStar()));
        assertThat(layout(global, List.of(input))).isEqualTo("keys=[], calls=[COUNT(*) -> BIGINT]");
        for (AggregateKind kind : List.of(AggregateKind.MIN, AggregateKind.MAX)) {
            ExecNode.GroupAggregate extreme =
                    new ExecNode.GroupAggregate(
                            1,
                            0,
                            fields("k", BIGINT, "m", DECIMAL),
                            List.of(0),
                            List.of(),
                            List.of(
                                    new AggregateCallSpec(
                                            kind, 1, false, -1, DECIMAL, DECIMAL, 2)));
            assertThat(layout(extreme, List.of(input)))
                    .isEqualTo("keys=[BIGINT], calls=[" + kind + "(DECIMAL) -> DECIMAL(scale=2)]");
        }
    }

    @Test
    void anEmitDelayIsItsKeyPositionsRowTypesDelayAndWindowEnd() {
        List<FieldSpec> rows =
                fields(
                        "auction",
                        BIGINT,
                        "window_start",
                        TIMESTAMP,
                        "window_end",
                        TIMESTAMP,
                        "total",
                        BIGINT);
        ExecNode.EmitDelay delayOnly = new ExecNode.EmitDelay(3, 2, rows, List.of(0), 1_000, -1, 0);
        assertThat(layout(delayOnly, List.of(rows)))
                .isEqualTo("keys=[0], rows=[BIGINT, TIMESTAMP, TIMESTAMP, BIGINT], delay=1000ms");
        ExecNode.EmitDelay withWatermark =
                new ExecNode.EmitDelay(3, 2, rows, List.of(0, 1, 2), 1_000, 2, 500);
        assertThat(layout(withWatermark, List.of(rows)))
                .isEqualTo(
                        "keys=[0, 1, 2], rows=[BIGINT, TIMESTAMP, TIMESTAMP, BIGINT],"
                                + " delay=1000ms, windowEnd=2, allowedLateness=500ms");
    }

    @Test
    void aJoinIsItsKindBothSidesRowsKeysAndTheRestOfTheConditionNotItsCode() {
        List<FieldSpec> left = fields("k", BIGINT, "v", BIGINT);
        List<FieldSpec> right = fields("k", BIGINT, "w", VARCHAR);
        List<FieldSpec> joined = new java.util.ArrayList<>(left);
        joined.addAll(right);
        ExecNode.Join join =
                new ExecNode.Join(
                        2,
                        0,
                        1,
                        joined,
                        JoinKind.LEFT,
                        List.of(0),
                        List.of(0),
                        List.of(false),
                        "generated code",
                        "<($1, 5)",
                        ChangelogMode.RETRACT,
                        false,
                        0);
        assertThat(layout(join, List.of(left, right)))
                .isEqualTo(
                        "kind=LEFT, left=[BIGINT, BIGINT], right=[BIGINT, VARCHAR], leftKeys=[0],"
                                + " rightKeys=[0], nullSafe=[false], condition=<($1, 5)");
        ExecNode.Join otherCode =
                new ExecNode.Join(
                        2,
                        0,
                        1,
                        joined,
                        JoinKind.LEFT,
                        List.of(0),
                        List.of(0),
                        List.of(false),
                        "other generated code",
                        "<($1, 5)",
                        ChangelogMode.RETRACT,
                        false,
                        0);
        assertThat(layout(otherCode, List.of(left, right)))
                .isEqualTo(layout(join, List.of(left, right)));
        // SEMI keeps the right side's rows too, though it outputs only the left's.
        ExecNode.Join windowSemi =
                new ExecNode.Join(
                        2,
                        0,
                        1,
                        left,
                        JoinKind.SEMI,
                        List.of(1),
                        List.of(0),
                        List.of(true),
                        "",
                        "",
                        ChangelogMode.INSERT_ONLY,
                        true,
                        1_000);
        assertThat(layout(windowSemi, List.of(left, right)))
                .isEqualTo(
                        "kind=SEMI, left=[BIGINT, BIGINT], right=[BIGINT, VARCHAR], leftKeys=[1],"
                                + " rightKeys=[0], nullSafe=[true], condition=none, windowed,"
                                + " allowedLateness=1000ms");
    }
}
