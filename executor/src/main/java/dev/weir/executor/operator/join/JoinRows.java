package dev.weir.executor.operator.join;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.operator.Output;
import dev.weir.plan.JoinKind;

/**
 * What every join operator makes of its rows: the joined row (the left fields, then the right
 * fields), a row of one side padded with NULLs for the other, whether a pair passes the rest of the
 * ON condition, and emitting a row as many times as its multiplicity. One place, so the regular,
 * interval and window joins lay out and pad their output alike.
 */
final class JoinRows {
    static final int LEFT = 0;
    static final int RIGHT = 1;

    /** The condition's calc projects nothing: one empty output array serves every call. */
    private static final Object[] NO_OUTPUT = new Object[0];

    private final JoinKind kind;
    private final int[] arity;
    private final Calc condition;

    /**
     * @param condition the rest of the ON condition over the joined row, projecting nothing; null
     *     when there is none
     */
    JoinRows(JoinKind kind, int leftArity, int rightArity, Calc condition) {
        this.kind = kind;
        this.arity = new int[] {leftArity, rightArity};
        this.condition = condition;
    }

    /** Whether {@code row} of {@code side} and {@code partner} of the other pass the condition. */
    boolean passes(int side, Row row, Row partner) {
        return condition == null || condition.apply(joinedValues(side, row, partner), NO_OUTPUT);
    }

    /** The joined row of {@code row} of {@code side} and {@code partner} of the other side. */
    Row joined(int side, Row row, Row partner) {
        return Row.wrap(joinedValues(side, row, partner));
    }

    /** {@code row} of {@code side} with NULLs for the other side's fields. */
    Row padded(int side, Row row) {
        Object[] values = new Object[arity[LEFT] + arity[RIGHT]];
        int offset = side == LEFT ? 0 : arity[LEFT];
        for (int i = 0; i < arity[side]; i++) {
            values[offset + i] = row.get(i);
        }
        return Row.wrap(values);
    }

    /** Whether the join's result keeps the unmatched rows of {@code side}, padded. */
    boolean keepsUnmatched(int side) {
        return side == LEFT ? kind.keepsUnmatchedLeft() : kind.keepsUnmatchedRight();
    }

    /** Whether a row with these key values can match: no NULL where NULL equals nothing. */
    static boolean matchable(Row key, boolean[] nullSafe) {
        for (int i = 0; i < key.arity(); i++) {
            if (key.get(i) == null && !nullSafe[i]) {
                return false;
            }
        }
        return true;
    }

    /** Emits {@code row} {@code times} times. */
    static void emit(Output output, RowKind kind, Row row, long times) {
        for (long i = 0; i < times; i++) {
            output.emit(new Change(kind, row));
        }
    }

    private Object[] joinedValues(int side, Row row, Row partner) {
        Row left = side == LEFT ? row : partner;
        Row right = side == LEFT ? partner : row;
        Object[] values = new Object[arity[LEFT] + arity[RIGHT]];
        for (int i = 0; i < arity[LEFT]; i++) {
            values[i] = left.get(i);
        }
        for (int i = 0; i < arity[RIGHT]; i++) {
            values[arity[LEFT] + i] = right.get(i);
        }
        return values;
    }
}
