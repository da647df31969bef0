package dev.weir.plan;

import dev.weir.common.type.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plan nodes for tests, written briefly. */
final class Nodes {
    private Nodes() {}

    /** Fields from name/type pairs: {@code fields("k", BIGINT, "v", VARCHAR)}. */
    static List<FieldSpec> fields(Object... nameTypePairs) {
        List<FieldSpec> fields = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            fields.add(
                    new FieldSpec(
                            (String) nameTypePairs[i], (ValueType) nameTypePairs[i + 1], false));
        }
        return fields;
    }

    /** {@code bid(auction BIGINT, price BIGINT, bidtime TIMESTAMP)}, watermark 1 s behind. */
    static ExecNode.Source bid(int id) {
        return new ExecNode.Source(
                id,
                "bid",
                fields(
                        "auction",
                        ValueType.BIGINT,
                        "price",
                        ValueType.BIGINT,
                        "bidtime",
                        ValueType.TIMESTAMP),
                2,
                1000,
                Map.of(),
                ChangelogMode.INSERT_ONLY);
    }

    /** A calc over {@code input} producing {@code fields}; its code is not compiled here. */
    static ExecNode.Calc calc(int id, int input, List<FieldSpec> fields, String code) {
        return new ExecNode.Calc(
                id, input, fields, ChangelogMode.INSERT_ONLY, code, "select=" + fields);
    }

    static AggregateCallSpec sum(int argument) {
        return new AggregateCallSpec(
                AggregateKind.SUM, argument, false, -1, ValueType.BIGINT, ValueType.BIGINT, -1);
    }

    static AggregateCallSpec countStar() {
        return new AggregateCallSpec(
                AggregateKind.COUNT_STAR, -1, false, -1, null, ValueType.BIGINT, -1);
    }

    static WindowSpec tumble(long size) {
        return new WindowSpec(WindowSpec.Kind.TUMBLE, size, 0, 0, List.of());
    }

    /**
     * Per auction and tumbling window, SUM(price) and COUNT(*), final at the watermark, over input
     * fields {@code (bidtime, auction, price)}.
     */
    static ExecNode.WindowAggregate windowTotals(int id, int input, WindowSpec window) {
        return new ExecNode.WindowAggregate(
                id,
                input,
                fields(
                        "auction", ValueType.BIGINT,
                        "window_start", ValueType.TIMESTAMP,
                        "window_end", ValueType.TIMESTAMP,
                        "total", ValueType.BIGINT,
                        "bids", ValueType.BIGINT),
                window,
                0,
                List.of(1),
                List.of(sum(2), countStar()),
                true,
                0);
    }

    static JobGraph graph(ExecNode... nodes) {
        ExecNode root = nodes[nodes.length - 1];
        List<String> names = root.fields().stream().map(FieldSpec::name).toList();
        return new JobGraph(
                List.of(nodes), names, names.size(), List.of(), List.of(), 0, -1, null, null);
    }
}
