package dev.weir.plan;

import java.util.List;
import java.util.Locale;

/**
 * An event-time temporal join (Flink SQL's {@code JOIN r FOR SYSTEM_TIME AS OF l.time}): each left
 * row joins the version of its key that was valid at its time. The right input is read as versions
 * per join key: each right row is a version of its key, valid from its event time until the next
 * version's; rows of one key with the same time are one version together. A left row at time {@code
 * t} joins the right rows of its key whose time is the latest at or below {@code t} (those that
 * pass the rest of the ON condition); a LEFT join pads it with NULLs when there are none.
 *
 * <p>A left row waits until the watermark (the minimum of the inputs') reaches its time: then every
 * right row at or below its time that is not late has arrived, and it is joined once. So the output
 * is insert-only and final. A row at or below its own input's watermark is late: dropped and
 * counted. The left time stays an event-time attribute: rows are emitted before the watermark that
 * released them is passed on. Output: the left fields, then the right fields.
 *
 * <p>With {@code lastRowPerTime} (a versioned view: a last-row deduplication by event time, planned
 * as the join over the deduplication's input) a version is one row: a right row replaces the rows
 * of its key at its time, as the deduplication keeps the later of rows tied on time.
 *
 * @param leftKeys left fields compared with {@code rightKeys}, pairwise, for equality: the version
 *     key (at least one pair)
 * @param nullSafe per key pair: whether NULL matches NULL ({@code IS NOT DISTINCT FROM})
 * @param leftTime the left input's event-time field named by {@code AS OF}
 * @param rightTime the right input's event-time field, from which each version is valid
 * @param conditionCode the rest of the ON condition, applied to the chosen version's rows, as
 *     generated code of a {@code Calc} over the joined row that projects nothing; empty when none
 * @param conditionText the rest of the ON condition, for EXPLAIN and the state layout; empty when
 *     none
 * @param lastRowPerTime whether a right row replaces the rows of its key with the same time (one
 *     row per version: the later arrival wins); else they are one version together
 */
@ExecNodeMetadata(name = "temporal_join", version = 2, minStateVersion = 1)
public record TemporalJoinNode(
        int id,
        int left,
        int right,
        List<FieldSpec> fields,
        JoinKind kind,
        List<Integer> leftKeys,
        List<Integer> rightKeys,
        List<Boolean> nullSafe,
        int leftTime,
        int rightTime,
        String conditionCode,
        String conditionText,
        boolean lastRowPerTime)
        implements ExecNode {
    public TemporalJoinNode {
        fields = List.copyOf(fields);
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        nullSafe = List.copyOf(nullSafe);
        StateLayouts.requireKeyPairs(leftKeys, rightKeys, nullSafe);
        if (leftKeys.isEmpty()) {
            throw new IllegalArgumentException("a temporal join has a version key");
        }
        if (kind != JoinKind.INNER && kind != JoinKind.LEFT) {
            throw new IllegalArgumentException("a temporal join is inner or left");
        }
    }

    @Override
    public List<Integer> inputs() {
        return List.of(left, right);
    }

    /** Insert-only: a left row is joined once, when the watermark reaches its time. */
    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public String explain() {
        return "StreamTemporalJoin(kind=["
                + kind.name().toLowerCase(Locale.ROOT)
                + "], leftKeys="
                + leftKeys
                + ", rightKeys="
                + rightKeys
                + ", leftTime=["
                + leftTime
                + "], rightTime=["
                + rightTime
                + "]"
                + (conditionText.isEmpty() ? "" : ", where=[" + conditionText + "]")
                + (lastRowPerTime ? ", versions=[last row per key and time]" : "")
                + ", emit=[each left row when the watermark reaches its time],"
                + " state=[left rows with time > watermark, per key the latest right version at"
                + " or below the watermark and the later ones])";
    }

    /**
     * The left rows waiting for the watermark, under their time, key values and row, with their
     * multiplicity; the right rows under their key values, time and row, with their multiplicity;
     * an index of the times at which a key's older versions are no longer needed; each input's
     * watermark and the combined one. Which rows pair depends on the rest of the condition (its
     * text: a predicate over the joined row's positions). One row per key and time is kept when
     * {@code lastRowPerTime} (said at the end, so the layout of the other form is version 1's).
     */
    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return StateLayouts.joinSides(kind, inputFields, leftKeys, rightKeys, nullSafe)
                + ", leftTime="
                + leftTime
                + ", rightTime="
                + rightTime
                + ", condition="
                + (conditionText.isEmpty() ? "none" : conditionText)
                + (lastRowPerTime ? ", versions=last row per key and time" : "");
    }
}
