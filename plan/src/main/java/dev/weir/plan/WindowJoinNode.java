package dev.weir.plan;

import java.util.List;
import java.util.Locale;

/**
 * A window join (Flink SQL's Window Join): two windowed inputs joined on their windows, each
 * window's result computed once, when the watermark passes the window's end (plus {@code
 * allowedLateness}). Rows wait in state per window; then the window's pairs are emitted, an outer
 * join's unmatched rows padded with NULLs, a SEMI join's left rows that matched and an ANTI join's
 * that did not, once each; and the window's state is dropped. So the output is insert-only and
 * final. Output: the left fields, then the right fields (SEMI and ANTI: the left fields only).
 *
 * <p>The first key pair is the two inputs' window_end. A row is late, dropped and counted, when its
 * window ended (plus {@code allowedLateness}) at or before its own input's watermark at its
 * arrival. An input may retract (a window aggregate's early results): its rows of a window may
 * change until the watermark completes the window, and the window's result is computed from what
 * they are then.
 *
 * @param leftKeys left fields compared with {@code rightKeys}, pairwise, for equality; the first is
 *     the left window_end
 * @param rightKeys right fields compared with {@code leftKeys}; the first is the right window_end
 * @param nullSafe per key pair: whether NULL matches NULL ({@code IS NOT DISTINCT FROM})
 * @param conditionCode the rest of the ON condition, as generated code of a {@code Calc} over the
 *     joined row (left fields, then right fields) that projects nothing; empty when none
 * @param conditionText the rest of the ON condition, for EXPLAIN and the state layout; empty when
 *     none
 * @param allowedLateness how long after its end a window still takes rows, in ms
 */
@ExecNodeMetadata(name = "window_join", version = 1, minStateVersion = 1)
public record WindowJoinNode(
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
        long allowedLateness)
        implements ExecNode {
    public WindowJoinNode {
        fields = List.copyOf(fields);
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        nullSafe = List.copyOf(nullSafe);
        StateLayouts.requireKeyPairs(leftKeys, rightKeys, nullSafe);
        if (leftKeys.isEmpty() || nullSafe.get(0)) {
            throw new IllegalArgumentException("a window join's first keys are its window ends");
        }
        if (allowedLateness < 0) {
            throw new IllegalArgumentException("allowedLateness is negative");
        }
    }

    @Override
    public List<Integer> inputs() {
        return List.of(left, right);
    }

    /** Insert-only whatever the kind: a window's rows come out once, when it is complete. */
    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public String explain() {
        return "StreamWindowJoin(kind=["
                + kind.name().toLowerCase(Locale.ROOT)
                + "], leftKeys="
                + leftKeys
                + ", rightKeys="
                + rightKeys
                + (conditionText.isEmpty() ? "" : ", where=[" + conditionText + "]")
                + ", emit=[once per window when the watermark passes window_end"
                + (allowedLateness == 0 ? "" : " + " + allowedLateness + "ms")
                + "], state=[rows of windows ending after watermark"
                + (allowedLateness == 0 ? "" : " - " + allowedLateness + "ms")
                + "])";
    }

    /**
     * Each side's rows, whole, under their key values (window_end first), with their multiplicity;
     * each input's watermark and the combined one. Which rows pair depends on the rest of the
     * condition (its text: a predicate over the joined row's positions).
     */
    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return StateLayouts.joinSides(kind, inputFields, leftKeys, rightKeys, nullSafe)
                + ", condition="
                + (conditionText.isEmpty() ? "none" : conditionText)
                + ", allowedLateness="
                + allowedLateness
                + "ms";
    }
}
