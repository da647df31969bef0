package dev.weir.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pieces {@link ExecNode#stateLayout} descriptions are written with, so that every node writes
 * a type, a window or an aggregate call the same way. The text is compared between a checkpoint and
 * the plan restoring it: once released, the description of a node version never changes (see {@link
 * ExecNodeMetadata}).
 */
final class StateLayouts {
    /**
     * The connector options that say which positions a source's checkpointed position is one of:
     * what it reads (a file, a topic in a cluster, a generator's events), not how it decodes, paces
     * or starts. Other options stay out, secrets among them ({@code properties.*}).
     */
    private static final Set<String> POSITION_OPTIONS =
            Set.of(
                    "connector",
                    "path",
                    "topic",
                    "bootstrap.servers",
                    "table",
                    "seed",
                    "base-time",
                    "events-per-second",
                    ExecNode.Source.SYSTEM_TABLE);

    private StateLayouts() {}

    /**
     * What every two-input join's state holds: {@code kind=INNER, left=[...], right=[...],
     * leftKeys=[0], rightKeys=[1], nullSafe=[false]}; each kind of join says the rest.
     */
    static String joinSides(
            JoinKind kind,
            List<List<FieldSpec>> inputFields,
            List<Integer> leftKeys,
            List<Integer> rightKeys,
            List<Boolean> nullSafe) {
        return "kind="
                + kind
                + ", left="
                + types(inputFields.get(0))
                + ", right="
                + types(inputFields.get(1))
                + ", leftKeys="
                + leftKeys
                + ", rightKeys="
                + rightKeys
                + ", nullSafe="
                + nullSafe;
    }

    /** Checks that a join's key lists pair up: one right key and one null-safety per left key. */
    static void requireKeyPairs(
            List<Integer> leftKeys, List<Integer> rightKeys, List<Boolean> nullSafe) {
        if (leftKeys.size() != rightKeys.size() || leftKeys.size() != nullSafe.size()) {
            throw new IllegalArgumentException("join keys come in pairs");
        }
    }

    /** The physical types of {@code fields}: {@code [BIGINT, VARCHAR]}. */
    static String types(List<FieldSpec> fields) {
        return fields.stream()
                .map(f -> f.type().name())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The physical types of {@code fields} at {@code indices}. */
    static String types(List<FieldSpec> fields, List<Integer> indices) {
        return types(indices.stream().map(fields::get).toList());
    }

    /** An aligned or session window: {@code TUMBLE(size=10000ms, offset=0ms)}. */
    static String window(WindowSpec window) {
        return switch (window.kind()) {
            case TUMBLE -> "TUMBLE(size=" + window.size() + "ms, offset=" + window.offset() + "ms)";
            case HOP ->
                    "HOP(size="
                            + window.size()
                            + "ms, slide="
                            + window.slide()
                            + "ms, offset="
                            + window.offset()
                            + "ms)";
            case CUMULATE ->
                    "CUMULATE(size="
                            + window.size()
                            + "ms, step="
                            + window.slide()
                            + "ms, offset="
                            + window.offset()
                            + "ms)";
            case SESSION -> "SESSION(gap=" + window.size() + "ms)";
            case ATTACHED -> "ATTACHED";
        };
    }

    /**
     * Aggregate calls as their accumulators hold them: {@code [COUNT(*) -> BIGINT, SUM(DISTINCT
     * BIGINT) FILTER -> DECIMAL(scale=2)]}. Input positions stay out: the state holds values, not
     * where they came from.
     */
    static String calls(List<AggregateCallSpec> calls) {
        return calls.stream().map(StateLayouts::call).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String call(AggregateCallSpec call) {
        String argument =
                call.argumentType() == null
                        ? "*"
                        : (call.distinct() ? "DISTINCT " : "") + call.argumentType().name();
        String name = call.kind() == AggregateKind.COUNT_STAR ? "COUNT" : call.kind().name();
        return name
                + "("
                + argument
                + ")"
                + (call.filter() >= 0 ? " FILTER" : "")
                + " -> "
                + call.resultType().name()
                + (call.resultScale() >= 0 ? "(scale=" + call.resultScale() + ")" : "");
    }

    /** The options among {@code options} that identify a source's positions, sorted by name. */
    static String positionOptions(Map<String, String> options) {
        Map<String, String> kept = new TreeMap<>();
        options.forEach(
                (key, value) -> {
                    if (POSITION_OPTIONS.contains(key)) {
                        kept.put(key, value.strip());
                    }
                });
        return kept.toString();
    }
}
