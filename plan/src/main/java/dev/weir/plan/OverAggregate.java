package dev.weir.plan;

import java.util.List;

/**
 * OVER aggregates ordered by event time, as Flink computes them on streams: each input row comes
 * out once, when the watermark passes its time, with the aggregates of its frame appended. Input
 * and output are insert-only. Output: the input fields, then one field per call.
 *
 * <p>Rows wait per partition until the watermark passes them: then every row up to the watermark is
 * known, so each frame is complete. A row whose time the watermark has already passed is late:
 * dropped and counted; so is a row without a time. For ROWS frames, rows of equal time are ordered
 * as they arrived.
 *
 * <p>A node of its own file, not nested in {@link ExecNode} like the others, only to keep that file
 * short; it is one of ExecNode's permitted types like them.
 *
 * @param partitionKeys the input fields of PARTITION BY (none: one partition)
 * @param timeField the event-time field ordering each partition (ORDER BY, ascending)
 * @param frame the rows each row's aggregates read
 * @param calls the aggregates, over the input's fields
 */
@ExecNodeMetadata(name = "over_aggregate", version = 1, minStateVersion = 1)
public record OverAggregate(
        int id,
        int input,
        List<FieldSpec> fields,
        List<Integer> partitionKeys,
        int timeField,
        OverFrame frame,
        List<AggregateCallSpec> calls)
        implements ExecNode {
    public OverAggregate {
        fields = List.copyOf(fields);
        partitionKeys = List.copyOf(partitionKeys);
        calls = List.copyOf(calls);
    }

    @Override
    public List<Integer> inputs() {
        return List.of(input);
    }

    /** Each row comes out once, final: its frame is complete when the watermark passes it. */
    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public String explain() {
        return "StreamOverAggregate(partitionBy="
                + partitionKeys
                + ", orderBy=[$"
                + timeField
                + " ASC], frame=["
                + frame.describe()
                + "], calls="
                + calls.stream().map(c -> c.kind().name()).toList()
                + ", state=["
                + stateBound()
                + "])";
    }

    /** What bounds the state, for EXPLAIN. */
    public String stateBound() {
        String waiting = "rows waiting for the watermark";
        if (frame.unbounded()) {
            return "one accumulator per partition + " + waiting;
        }
        String within =
                frame.unit() == OverFrame.Unit.ROWS
                        ? "the last "
                                + frame.preceding()
                                + (frame.preceding() == 1 ? " row" : " rows")
                        : "rows of the last " + frame.preceding() + "ms";
        return within + " per partition + " + waiting;
    }

    /**
     * Per partition an accumulator (with value counts for MIN and MAX over a bounded frame) and the
     * next arrival number; rows waiting for the watermark, whole, under their time; for a bounded
     * frame, the rows in it, whole. Input rows are kept whole, so the positions of the partition
     * keys, the time and the calls' arguments in them count.
     */
    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return "partitionKeys="
                + partitionKeys
                + ", timeField="
                + timeField
                + ", rows="
                + StateLayouts.types(inputFields.get(0))
                + ", frame="
                + frame.describe()
                + ", calls="
                + StateLayouts.calls(calls)
                + ", arguments="
                + calls.stream().map(c -> c.argument()).toList();
    }
}
