package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import dev.weir.common.type.ValueType;

/**
 * One aggregate call of a plan.
 *
 * @param argument the input field aggregated, or -1 for COUNT(*)
 * @param filter the boolean input field of {@code FILTER (WHERE ...)}, or -1
 * @param resultScale the scale of a DECIMAL result, or -1
 */
public record AggregateCallSpec(
        AggregateKind kind,
        int argument,
        boolean distinct,
        int filter,
        ValueType argumentType,
        ValueType resultType,
        int resultScale) {
    public AggregateCallSpec {
        requireNonNull(kind, "kind is null");
        requireNonNull(resultType, "resultType is null");
    }
}
