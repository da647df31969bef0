package dev.weir.plan;

import java.util.List;

/**
 * Window Top-N (Flink's window Top-N; window deduplication is its {@code limit} 1 case): per
 * partition, which holds one window's rows (PARTITION BY window_start, window_end and any other
 * keys), the rows ranked at most {@code limit} by {@code kind} over {@code order}, emitted once,
 * final, when the watermark passes the window's end. The output is insert-only. Output: the input
 * fields, then the rank number (BIGINT) when {@code rankNumber}.
 *
 * <p>The input's rows carry their window's bounds (a windowing function's rows, or a window
 * aggregate's). A row whose window the watermark has already passed ({@code window_end <=
 * watermark}) is late: dropped and counted. A window's state is dropped when it fires.
 *
 * <p>A node of its own file, not nested in {@link ExecNode}, only to keep that file short.
 *
 * @param partitionKeys the input fields of PARTITION BY, among them both window bounds
 * @param windowStartField the input field holding the window's start
 * @param windowEndField the input field holding the window's end, which the watermark completes
 * @param order the ranking order; ties are broken by arrival, earlier first when the first key is
 *     ascending, later first when it is descending
 * @param limit the largest rank kept (at least 1)
 * @param rankNumber whether the rank number is output
 * @param inputMode the input's changelog: over an insert-only input the state holds a window's top
 *     rows only, over a retracting one (a window aggregate updating on every row) every row, to
 *     refill the top after a retraction
 */
@ExecNodeMetadata(name = "window_rank", version = 1, minStateVersion = 1)
public record WindowRank(
        int id,
        int input,
        List<FieldSpec> fields,
        RankKind kind,
        List<Integer> partitionKeys,
        int windowStartField,
        int windowEndField,
        List<SortKeySpec> order,
        long limit,
        boolean rankNumber,
        ChangelogMode inputMode)
        implements ExecNode {
    public WindowRank {
        fields = List.copyOf(fields);
        partitionKeys = List.copyOf(partitionKeys);
        order = List.copyOf(order);
        if (!partitionKeys.contains(windowStartField) || !partitionKeys.contains(windowEndField)) {
            throw new IllegalArgumentException(
                    "a window rank's partition holds both window bounds: " + partitionKeys);
        }
    }

    @Override
    public List<Integer> inputs() {
        return List.of(input);
    }

    /** Each window's top rows come out once, final: nothing is retracted. */
    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public String explain() {
        return "StreamWindowRank(kind=["
                + kind
                + "], partitionBy="
                + partitionKeys
                + ", window=[$"
                + windowStartField
                + ", $"
                + windowEndField
                + "], orderBy=["
                + String.join(", ", order.stream().map(k -> k.describe("$" + k.field())).toList())
                + "], limit=["
                + limit
                + "], rankNumber=["
                + rankNumber
                + "], state=["
                + stateBound()
                + "])";
    }

    /** What bounds the state, for EXPLAIN. */
    public String stateBound() {
        String per = " per partition of each window the watermark has not passed";
        if (inputMode == ChangelogMode.RETRACT) {
            return "every row" + per;
        }
        return kind == RankKind.ROW_NUMBER
                ? "at most " + limit + (limit == 1 ? " row" : " rows") + per
                : "rows ranked at most " + limit + per;
    }

    /**
     * Per window and partition the rows kept, whole, with their multiplicity and arrival number,
     * and the partition's next arrival number; the watermark. Input rows are kept whole, so the
     * sort fields' positions in them count.
     */
    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return "kind="
                + kind
                + ", partitionKeys="
                + partitionKeys
                + ", window=["
                + windowStartField
                + ", "
                + windowEndField
                + "], rows="
                + StateLayouts.types(inputFields.get(0))
                + ", order=["
                + String.join(", ", order.stream().map(k -> k.describe("" + k.field())).toList())
                + "], limit="
                + limit
                + ", input="
                + inputMode;
    }
}
