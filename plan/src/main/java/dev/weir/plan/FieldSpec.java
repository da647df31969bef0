package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import dev.weir.common.type.ValueType;

/** A field of an operator's output: its name, physical type and nullability. */
public record FieldSpec(String name, ValueType type, boolean nullable) {
    public FieldSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
