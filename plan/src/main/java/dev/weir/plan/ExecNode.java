package dev.weir.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One operator of a {@link JobGraph}: plain, immutable data the executor turns into a running
 * operator. Inputs are ids of earlier nodes.
 *
 * <p>Every node type carries {@link ExecNodeMetadata}: its JSON name (the {@code "op"} below), its
 * version (written with each node as {@code "version"}) and the oldest version whose state it
 * restores; and every node describes the state its operator keeps ({@link #stateLayout}), which is
 * what a checkpoint is matched on. {@code docs/plan.md} documents the JSON form. The types are
 * listed in {@code permits}, some in files of their own ({@link IntervalJoinNode}, {@link
 * WindowJoinNode}, {@link WindowRank}, {@link WindowBuffer}, {@link TemporalJoinNode}, {@link
 * LookupJoinNode}, {@link ProcTimeWatermark}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ExecNode.Source.class, name = "source"),
    @JsonSubTypes.Type(value = ExecNode.Calc.class, name = "calc"),
    @JsonSubTypes.Type(value = ExecNode.WindowAggregate.class, name = "window_aggregate"),
    @JsonSubTypes.Type(value = ExecNode.GroupAggregate.class, name = "group_aggregate"),
    @JsonSubTypes.Type(value = ExecNode.Union.class, name = "union"),
    @JsonSubTypes.Type(value = ExecNode.EmitDelay.class, name = "emit_delay"),
    @JsonSubTypes.Type(value = ExecNode.WindowAssign.class, name = "window_assign"),
    @JsonSubTypes.Type(value = ExecNode.Join.class, name = "join"),
    @JsonSubTypes.Type(value = ExecNode.Values.class, name = "values"),
    @JsonSubTypes.Type(value = ExecNode.Rank.class, name = "rank"),
    @JsonSubTypes.Type(value = OverAggregate.class, name = "over_aggregate"),
    @JsonSubTypes.Type(value = IntervalJoinNode.class, name = "interval_join"),
    @JsonSubTypes.Type(value = WindowJoinNode.class, name = "window_join"),
    @JsonSubTypes.Type(value = WindowRank.class, name = "window_rank"),
    @JsonSubTypes.Type(value = WindowBuffer.class, name = "window_buffer"),
    @JsonSubTypes.Type(value = TemporalJoinNode.class, name = "temporal_join"),
    @JsonSubTypes.Type(value = LookupJoinNode.class, name = "lookup_join"),
    @JsonSubTypes.Type(value = ProcTimeWatermark.class, name = "proctime_watermark")
})
@JsonPropertyOrder({"version", "id"})
public sealed interface ExecNode
        permits ExecNode.Source,
                ExecNode.Calc,
                ExecNode.WindowAggregate,
                ExecNode.GroupAggregate,
                ExecNode.Union,
                ExecNode.WindowAssign,
                ExecNode.EmitDelay,
                ExecNode.Join,
                ExecNode.Values,
                ExecNode.Rank,
                OverAggregate,
                IntervalJoinNode,
                WindowJoinNode,
                WindowRank,
                WindowBuffer,
                TemporalJoinNode,
                LookupJoinNode,
                ProcTimeWatermark {
    int id();

    List<Integer> inputs();

    List<FieldSpec> fields();

    ChangelogMode changelogMode();

    /** A one-line description for EXPLAIN. */
    String explain();

    /**
     * What determines the encoding and the meaning of the state this node's operator keeps, as one
     * canonical line: types of the keys and rows it stores, positions within stored rows, window
     * and emission parameters, aggregate calls. Empty for a node without state. A source's state is
     * its position: what identifies the positions it reads. Never generated code, EXPLAIN text or
     * names that state does not hold; a checkpoint is restored only into a plan whose nodes with
     * state have the same layouts ({@link PlanState}).
     *
     * @param inputFields the fields of each input, in input order (a join stores its inputs' rows)
     */
    String stateLayout(List<List<FieldSpec>> inputFields);

    /** This node type's metadata. */
    default ExecNodeMetadata metadata() {
        return ExecNodeTypes.metadataOf(getClass());
    }

    /** The node type's version, written with every node in the plan's JSON. */
    @JsonProperty("version")
    default int version() {
        return metadata().version();
    }

    /**
     * Reading a plan's JSON: a node written by another version of its type is refused rather than
     * read with this version's meaning.
     *
     * @throws IllegalArgumentException if {@code version} is not this type's version
     */
    @JsonProperty("version")
    default void requireVersion(int version) {
        ExecNodeTypes.requireVersion(metadata(), version);
    }

    /**
     * Reads a stream.
     *
     * @param timeField the event-time field, or -1
     * @param watermarkDelay how far the watermark trails the largest event time, in ms
     * @param options the stream's connector options; empty for an internal stream or a materialized
     *     view
     * @param changelogMode INSERT_ONLY for a stream; a materialized view whose rows change is read
     *     as its changelog (RETRACT)
     */
    @ExecNodeMetadata(name = "source", version = 1, minStateVersion = 1)
    record Source(
            int id,
            String stream,
            List<FieldSpec> fields,
            int timeField,
            long watermarkDelay,
            java.util.Map<String, String> options,
            ChangelogMode changelogMode)
            implements ExecNode {
        /** The option that marks a source as a system table (its value: the table's name). */
        public static final String SYSTEM_TABLE = "weir.system-table";

        public Source {
            fields = List.copyOf(fields);
            options = java.util.Map.copyOf(options);
            changelogMode = changelogMode == null ? ChangelogMode.INSERT_ONLY : changelogMode;
        }

        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override
        public String explain() {
            return "StreamSource(stream=[" + stream + "], watermark=[" + watermarkText() + "])";
        }

        private String watermarkText() {
            return timeField < 0
                    ? "none"
                    : fields.get(timeField).name() + " - " + watermarkDelay + "ms";
        }

        /**
         * The stream, its time column and watermark delay (the checkpoint holds the largest event
         * time and the watermark) and the options that identify its positions.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            String options = StateLayouts.positionOptions(this.options);
            return "stream="
                    + stream
                    + (timeField < 0
                            ? ""
                            : ", time="
                                    + fields.get(timeField).name()
                                    + ", watermarkDelay="
                                    + watermarkDelay
                                    + "ms")
                    + (options.equals("{}") ? "" : ", options=" + options);
        }
    }

    /**
     * Filter and projection, as generated Java code implementing {@code dev.weir.common.function
     * .Calc}.
     */
    @ExecNodeMetadata(name = "calc", version = 1, minStateVersion = 1)
    record Calc(
            int id,
            int input,
            List<FieldSpec> fields,
            ChangelogMode changelogMode,
            String code,
            String description)
            implements ExecNode {
        public Calc {
            fields = List.copyOf(fields);
        }

        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public String explain() {
            return "StreamCalc(" + description + ")";
        }

        /** None: a calc keeps nothing between rows. */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            return "";
        }
    }

    /**
     * Assigns windows and aggregates per window and key. Output: key fields, window_start,
     * window_end, then one field per aggregate call. With {@link WindowSpec.Kind#ATTACHED} windows
     * it assigns none: each row's window is its own, window_start at {@code timeField} and
     * window_end right after it (a GROUP BY of window bounds, Flink's window-attached windowing).
     *
     * @param afterWatermark emit each window once, complete; else update on every row
     */
    @ExecNodeMetadata(name = "window_aggregate", version = 2, minStateVersion = 2)
    record WindowAggregate(
            int id,
            int input,
            List<FieldSpec> fields,
            WindowSpec window,
            int timeField,
            List<Integer> keys,
            List<AggregateCallSpec> calls,
            boolean afterWatermark,
            long allowedLateness)
            implements ExecNode {
        public WindowAggregate {
            fields = List.copyOf(fields);
            keys = List.copyOf(keys);
            calls = List.copyOf(calls);
        }

        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public ChangelogMode changelogMode() {
            return afterWatermark && allowedLateness == 0
                    ? ChangelogMode.INSERT_ONLY
                    : ChangelogMode.RETRACT;
        }

        @Override
        public String explain() {
            return "StreamWindowAggregate(window=["
                    + (window.kind() == WindowSpec.Kind.ATTACHED
                            ? "attached(window_start=$"
                                    + timeField
                                    + ", window_end=$"
                                    + (timeField + 1)
                                    + ")"
                            : window.kind())
                    + "], keys="
                    + keys
                    + ", calls="
                    + calls.stream().map(c -> c.kind().name()).toList()
                    + ", emit=["
                    + (afterWatermark ? "after watermark" : "every change")
                    + "])";
        }

        /**
         * Per key and window an accumulator (and whether its final result was emitted), value
         * counts for DISTINCT, and timers at each window's end (plus the allowed lateness). The
         * time field and the calls' input positions are not held.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            return "window="
                    + StateLayouts.window(window)
                    + ", keys="
                    + StateLayouts.types(fields.subList(0, keys.size()))
                    + ", calls="
                    + StateLayouts.calls(calls)
                    + ", emit="
                    + (afterWatermark ? "after watermark" : "every change")
                    + ", allowedLateness="
                    + allowedLateness
                    + "ms";
        }
    }

    /** Unbounded GROUP BY. Output: key fields, then one field per aggregate call. */
    @ExecNodeMetadata(name = "group_aggregate", version = 2, minStateVersion = 1)
    record GroupAggregate(
            int id,
            int input,
            List<FieldSpec> fields,
            List<Integer> keys,
            List<List<Integer>> groupingSets,
            List<AggregateCallSpec> calls)
            implements ExecNode {
        public GroupAggregate {
            fields = List.copyOf(fields);
            keys = List.copyOf(keys);
            groupingSets = groupingSets.stream().map(List::copyOf).toList();
            calls = List.copyOf(calls);
        }

        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public ChangelogMode changelogMode() {
            return ChangelogMode.RETRACT;
        }

        @Override
        public String explain() {
            return "StreamGroupAggregate(keys="
                    + keys
                    + (groupingSets.isEmpty() ? "" : ", groupingSets=" + groupingSets)
                    + ", calls="
                    + calls.stream().map(c -> c.kind().name()).toList()
                    + ")";
        }

        /**
         * Per group an accumulator under the key's values (and, with grouping sets, the set's
         * number), and value counts for DISTINCT, MIN and MAX. Grouping sets are given as positions
         * in the key.
         *
         * <p>Since version 2 a grouping sets result has no key (rows of two sets can be equal): a
         * materialized view over it keeps its rows as a multiset, where version 1 kept one per
         * group key and lost such rows. The layout says so ({@code result=multiset}), so that the
         * checkpoint of such a view written by version 1 is not restored.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            return "keys="
                    + StateLayouts.types(fields.subList(0, keys.size()))
                    + (groupingSets.isEmpty()
                            ? ""
                            : ", groupingSets="
                                    + groupingSets.stream()
                                            .map(set -> set.stream().map(keys::indexOf).toList())
                                            .toList())
                    + ", calls="
                    + StateLayouts.calls(calls)
                    + (groupingSets.isEmpty() ? "" : ", result=multiset");
        }
    }

    /** UNION ALL. */
    @ExecNodeMetadata(name = "union", version = 1, minStateVersion = 1)
    record Union(int id, List<Integer> inputs, List<FieldSpec> fields, ChangelogMode changelogMode)
            implements ExecNode {
        public Union {
            inputs = List.copyOf(inputs);
            fields = List.copyOf(fields);
        }

        @Override
        public String explain() {
            return "StreamUnion(all=[true])";
        }

        /** None: rows pass through. */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            return "";
        }
    }

    /** A windowing function without aggregation: input fields, window_start, window_end. */
    @ExecNodeMetadata(name = "window_assign", version = 1, minStateVersion = 1)
    record WindowAssign(int id, int input, List<FieldSpec> fields, WindowSpec window, int timeField)
            implements ExecNode {
        public WindowAssign {
            fields = List.copyOf(fields);
        }

        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public ChangelogMode changelogMode() {
            return ChangelogMode.INSERT_ONLY;
        }

        @Override
        public String explain() {
            return "StreamWindowAssign(window=[" + window.kind() + "])";
        }

        /**
         * None for aligned windows, which are computed from each row alone. SESSION keeps each row
         * (whole, under its key and time) until its session closes, and the sessions per key.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            if (window.kind() != WindowSpec.Kind.SESSION) {
                return "";
            }
            List<FieldSpec> input = inputFields.get(0);
            return "window="
                    + StateLayouts.window(window)
                    + ", keys="
                    + StateLayouts.types(input, window.sessionKeys())
                    + ", rows="
                    + StateLayouts.types(input)
                    + ", time="
                    + timeField;
        }
    }

    /**
     * EMIT AFTER DELAY: per key, changes held and realized at most once per {@code delay}. Without
     * keys the result is a multiset, held and realized as a whole (its net change per row).
     *
     * @param windowEndField with AFTER WATERMARK too: the field holding the window's end; a key's
     *     pending change is realized (as the window's final result) as soon as the watermark
     *     reaches it. -1 otherwise
     * @param allowedLateness how long after its end a window may still change (its last realized
     *     row is kept that long)
     */
    @ExecNodeMetadata(name = "emit_delay", version = 2, minStateVersion = 1)
    record EmitDelay(
            int id,
            int input,
            List<FieldSpec> fields,
            List<Integer> keys,
            long delay,
            int windowEndField,
            long allowedLateness)
            implements ExecNode {
        public EmitDelay {
            fields = List.copyOf(fields);
            keys = List.copyOf(keys);
        }

        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public ChangelogMode changelogMode() {
            return ChangelogMode.RETRACT;
        }

        @Override
        public String explain() {
            return "StreamEmitDelay(keys="
                    + keys
                    + ", delay=["
                    + delay
                    + "ms]"
                    + (windowEndField < 0
                            ? ""
                            : ", final at watermark=[" + fields.get(windowEndField).name() + "]")
                    + ")";
        }

        /**
         * Per key the last realized row and the pending one (whole rows: key and window-end
         * positions in them count), and processing-time due times.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            if (keys.isEmpty()) {
                // Since version 2, a keyless result is a multiset: its pending rows are counted
                // (version 1 kept them keyed by the whole row), so the layout says so and a
                // version 1 checkpoint of it is not restored.
                return "multiset rows=" + StateLayouts.types(fields) + ", delay=" + delay + "ms";
            }
            return "keys="
                    + keys
                    + ", rows="
                    + StateLayouts.types(fields)
                    + ", delay="
                    + delay
                    + "ms"
                    + (windowEndField < 0
                            ? ""
                            : ", windowEnd="
                                    + windowEndField
                                    + ", allowedLateness="
                                    + allowedLateness
                                    + "ms");
        }
    }

    /**
     * An equi-join of two changelogs, kept incrementally: each side's rows are held in state by
     * join key, each change on one side is matched against the other side's rows. Output: the left
     * fields, then the right fields (NULLs for the side an outer join pads).
     *
     * @param leftKeys left fields compared with {@code rightKeys}, pairwise, for equality
     * @param nullSafe per key pair: whether NULL matches NULL ({@code IS NOT DISTINCT FROM}); a
     *     plain {@code =} never matches NULL
     * @param conditionCode the rest of the ON condition, as generated code of a {@code Calc} over
     *     the joined row (left fields, then right fields) that projects nothing; empty when the
     *     keys are the whole condition
     * @param conditionText the rest of the ON condition, for EXPLAIN; empty when none
     * @param windowed a window join: both inputs are windowed and the first key pair is their
     *     window_end, so a window's rows are complete once the watermark passes its end (plus
     *     {@code allowedLateness}): later rows of it are late and dropped, and its state is removed
     * @param allowedLateness how long after its end a window's rows are still joined (windowed
     *     only)
     */
    @ExecNodeMetadata(name = "join", version = 1, minStateVersion = 1)
    record Join(
            int id,
            int left,
            int right,
            List<FieldSpec> fields,
            JoinKind kind,
            List<Integer> leftKeys,
            List<Integer> rightKeys,
            List<Boolean> nullSafe,
            String conditionCode,
            String conditionText,
            ChangelogMode changelogMode,
            boolean windowed,
            long allowedLateness)
            implements ExecNode {
        public Join {
            fields = List.copyOf(fields);
            leftKeys = List.copyOf(leftKeys);
            rightKeys = List.copyOf(rightKeys);
            nullSafe = List.copyOf(nullSafe);
            StateLayouts.requireKeyPairs(leftKeys, rightKeys, nullSafe);
        }

        @Override
        public List<Integer> inputs() {
            return List.of(left, right);
        }

        @Override
        public String explain() {
            return (windowed ? "StreamWindowJoin(kind=[" : "StreamJoin(kind=[")
                    + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + "], leftKeys="
                    + leftKeys
                    + ", rightKeys="
                    + rightKeys
                    + (conditionText.isEmpty() ? "" : ", where=[" + conditionText + "]")
                    + ")";
        }

        /**
         * Each side's rows, whole, under their key values, with their multiplicity and how many
         * rows of the other side they join with: that count depends on the rest of the ON
         * condition, given by its text (a predicate over the joined row's positions), not its
         * generated code. A window join also keeps the watermark and drops a window's rows once it
         * is complete.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            return StateLayouts.joinSides(kind, inputFields, leftKeys, rightKeys, nullSafe)
                    + ", condition="
                    + (conditionText.isEmpty() ? "none" : conditionText)
                    + (windowed ? ", windowed, allowedLateness=" + allowedLateness + "ms" : "");
        }
    }

    /**
     * Constant rows ({@code VALUES}, {@code SELECT 1}): a bounded input that ends after them.
     *
     * @param rows each row's values as the executor holds them (see {@code Row})
     */
    @ExecNodeMetadata(name = "values", version = 1, minStateVersion = 1)
    record Values(int id, List<FieldSpec> fields, List<List<Object>> rows) implements ExecNode {
        public Values {
            fields = List.copyOf(fields);
            rows =
                    rows.stream()
                            .map(
                                    r ->
                                            java.util.Collections.unmodifiableList(
                                                    new java.util.ArrayList<>(r)))
                            .toList();
        }

        @Override
        public List<Integer> inputs() {
            return List.of();
        }

        @Override
        public ChangelogMode changelogMode() {
            return ChangelogMode.INSERT_ONLY;
        }

        @Override
        public String explain() {
            return "StreamValues(rows=[" + rows.size() + "])";
        }

        /**
         * No state, but like a source it takes a place in a checkpoint's list of source positions
         * (restored in order), so it is listed; it cannot report a position, so a job reading
         * VALUES is never checkpointed.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            return "rows=" + rows.size();
        }
    }

    /**
     * Top-N: per partition, the rows ranked at most {@code limit} by {@code kind} over {@code
     * order}, kept as the input changes. Output: the input fields, then the rank number (BIGINT)
     * when {@code rankNumber}.
     *
     * @param partitionKeys the input fields of PARTITION BY (none: one partition)
     * @param order the ranking order; ties are broken by arrival, earlier first when the first key
     *     is ascending, later first when it is descending
     * @param limit the largest rank kept (at least 1)
     * @param rankNumber whether the rank number is output
     * @param inputMode the input's changelog: an insert-only input lets the state hold the top rows
     *     only, a retracting one needs every row to refill the top after a retraction
     */
    @ExecNodeMetadata(name = "rank", version = 1, minStateVersion = 1)
    record Rank(
            int id,
            int input,
            List<FieldSpec> fields,
            RankKind kind,
            List<Integer> partitionKeys,
            List<SortKeySpec> order,
            long limit,
            boolean rankNumber,
            ChangelogMode inputMode)
            implements ExecNode {
        public Rank {
            fields = List.copyOf(fields);
            partitionKeys = List.copyOf(partitionKeys);
            order = List.copyOf(order);
        }

        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        /** A row leaving the top N is retracted, whatever the input. */
        @Override
        public ChangelogMode changelogMode() {
            return ChangelogMode.RETRACT;
        }

        @Override
        public String explain() {
            return "StreamRank(kind=["
                    + kind
                    + "], partitionBy="
                    + partitionKeys
                    + ", orderBy=["
                    + String.join(
                            ", ", order.stream().map(k -> k.describe("$" + k.field())).toList())
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
            if (inputMode == ChangelogMode.RETRACT) {
                return "every row per partition";
            }
            return kind == RankKind.ROW_NUMBER
                    ? "at most " + limit + (limit == 1 ? " row" : " rows") + " per partition"
                    : "rows ranked at most " + limit + " per partition";
        }

        /**
         * Per partition the rows kept, whole, with their multiplicity and arrival number, and the
         * partition's next arrival number. Input rows are kept whole, so the sort fields' positions
         * in them count.
         */
        @Override
        public String stateLayout(List<List<FieldSpec>> inputFields) {
            List<FieldSpec> in = inputFields.get(0);
            return "kind="
                    + kind
                    + ", partitionKeys="
                    + partitionKeys
                    + ", rows="
                    + StateLayouts.types(in)
                    + ", order=["
                    + String.join(
                            ", ", order.stream().map(k -> k.describe("" + k.field())).toList())
                    + "], limit="
                    + limit
                    + ", input="
                    + inputMode;
        }
    }
}
