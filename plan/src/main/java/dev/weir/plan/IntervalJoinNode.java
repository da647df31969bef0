package dev.weir.plan;

import java.util.List;
import java.util.Locale;

/**
 * An interval join of two insert-only streams: pairs whose keys are equal and whose event times
 * satisfy {@code lowerBound <= rightTime - leftTime <= upperBound} (Flink's interval join). Each
 * side's rows are kept only while a row of the other side that is not late could still match them,
 * so the state is bounded by the watermark; an outer join's row that never matched is padded with
 * NULLs once it can no longer match, so the output is insert-only. Output: the left fields, then
 * the right fields.
 *
 * <p>A row is late when its time is at or below the watermark of its own input; it is dropped and
 * counted. The output watermark is the inputs' (their minimum) held back by {@link
 * #watermarkDelay()}, so that no row this join emits is late downstream.
 *
 * @param leftKeys left fields compared with {@code rightKeys}, pairwise, for equality (none: every
 *     pair is a candidate)
 * @param nullSafe per key pair: whether NULL matches NULL ({@code IS NOT DISTINCT FROM})
 * @param leftTime the left input's event-time field the bounds read
 * @param rightTime the right input's event-time field the bounds read
 * @param lowerBound the least {@code rightTime - leftTime} that matches, in ms (inclusive)
 * @param upperBound the greatest {@code rightTime - leftTime} that matches, in ms (inclusive)
 * @param conditionCode the rest of the ON condition, as generated code of a {@code Calc} over the
 *     joined row that projects nothing; empty when the keys and bounds are the whole condition
 * @param conditionText the rest of the ON condition, for EXPLAIN and the state layout; empty when
 *     none
 */
@ExecNodeMetadata(name = "interval_join", version = 1, minStateVersion = 1)
public record IntervalJoinNode(
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
        long lowerBound,
        long upperBound,
        String conditionCode,
        String conditionText)
        implements ExecNode {
    public IntervalJoinNode {
        fields = List.copyOf(fields);
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        nullSafe = List.copyOf(nullSafe);
        StateLayouts.requireKeyPairs(leftKeys, rightKeys, nullSafe);
        if (kind.filtersLeft()) {
            throw new IllegalArgumentException("an interval join is inner, left, right or full");
        }
    }

    @Override
    public List<Integer> inputs() {
        return List.of(left, right);
    }

    /** Insert-only, outer joins too: a row is padded only once it can no longer match. */
    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    /**
     * How far the output watermark trails the inputs': an emitted pair's left time is above the
     * watermark minus {@code upperBound}, its right time above it plus {@code lowerBound} (a row
     * stays until the watermark passes its last possible match), and a padded row is emitted at the
     * first watermark past that point.
     */
    public long watermarkDelay() {
        return Math.max(0, Math.max(upperBound, negate(lowerBound)));
    }

    /** The time after which a left row of time {@code t} can match no future right row. */
    public long leftExpiry(long t) {
        return saturatedAdd(t, upperBound);
    }

    /** The time after which a right row of time {@code t} can match no future left row. */
    public long rightExpiry(long t) {
        return saturatedAdd(t, negate(lowerBound));
    }

    @Override
    public String explain() {
        return "StreamIntervalJoin(kind=["
                + kind.name().toLowerCase(Locale.ROOT)
                + "], leftKeys="
                + leftKeys
                + ", rightKeys="
                + rightKeys
                + ", leftTime=["
                + leftTime
                + "], rightTime=["
                + rightTime
                + "], bounds=["
                + lowerBound
                + "ms, "
                + upperBound
                + "ms]"
                + (conditionText.isEmpty() ? "" : ", where=[" + conditionText + "]")
                + ", watermark=[inputs - "
                + watermarkDelay()
                + "ms], state=["
                + stateBound()
                + "])";
    }

    /** What bounds the state, for EXPLAIN: rows within the interval of the watermark. */
    public String stateBound() {
        return "left rows with time > "
                + relativeToWatermark(negate(upperBound))
                + ", right rows with time > "
                + relativeToWatermark(lowerBound);
    }

    private static String relativeToWatermark(long offset) {
        return offset < 0 ? "watermark - " + negate(offset) + "ms" : "watermark + " + offset + "ms";
    }

    /**
     * Each side's rows, whole, under their key values and time, with their multiplicity and whether
     * they matched; an index of the rows by the time they expire; each input's watermark and the
     * combined one. Which rows are kept and matched depends on the bounds and the rest of the
     * condition (its text: a predicate over the joined row's positions).
     */
    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return StateLayouts.joinSides(kind, inputFields, leftKeys, rightKeys, nullSafe)
                + ", leftTime="
                + leftTime
                + ", rightTime="
                + rightTime
                + ", bounds=["
                + lowerBound
                + "ms, "
                + upperBound
                + "ms], condition="
                + (conditionText.isEmpty() ? "none" : conditionText);
    }

    private static long negate(long v) {
        return v == Long.MIN_VALUE ? Long.MAX_VALUE : -v;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
