package dev.weir.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One operator of a {@link JobGraph}: plain, immutable data the executor turns into a running
 * operator. Inputs are ids of earlier nodes.
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
    @JsonSubTypes.Type(value = ExecNode.Values.class, name = "values")
})
public sealed interface ExecNode {
    int id();

    List<Integer> inputs();

    List<FieldSpec> fields();

    ChangelogMode changelogMode();

    /** A one-line description for EXPLAIN. */
    String explain();

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
    }

    /**
     * Filter and projection, as generated Java code implementing {@code dev.weir.common.function
     * .Calc}.
     */
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
    }

    /**
     * Assigns windows and aggregates per window and key. Output: key fields, window_start,
     * window_end, then one field per aggregate call.
     *
     * @param afterWatermark emit each window once, complete; else update on every row
     */
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
                    + window.kind()
                    + "], keys="
                    + keys
                    + ", calls="
                    + calls.stream().map(c -> c.kind().name()).toList()
                    + ", emit=["
                    + (afterWatermark ? "after watermark" : "every change")
                    + "])";
        }
    }

    /** Unbounded GROUP BY. Output: key fields, then one field per aggregate call. */
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
    }

    /** UNION ALL. */
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
    }

    /** A windowing function without aggregation: input fields, window_start, window_end. */
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
    }

    /** AFTER DELAY: per key, realizes changes at most once per {@code delay} ms. */
    /**
     * EMIT AFTER DELAY: per key, changes held and realized at most once per {@code delay}.
     *
     * @param windowEndField with AFTER WATERMARK too: the field holding the window's end; a key's
     *     pending change is realized (as the window's final result) as soon as the watermark
     *     reaches it. -1 otherwise
     * @param allowedLateness how long after its end a window may still change (its last realized
     *     row is kept that long)
     */
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
            if (leftKeys.size() != rightKeys.size() || leftKeys.size() != nullSafe.size()) {
                throw new IllegalArgumentException("join keys come in pairs");
            }
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
    }

    /**
     * Constant rows ({@code VALUES}, {@code SELECT 1}): a bounded input that ends after them.
     *
     * @param rows each row's values as the executor holds them (see {@code Row})
     */
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
    }
}
