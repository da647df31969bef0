package dev.weir.executor.operator.aggregate;

import dev.weir.common.row.Row;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The aggregate calls of one operator over one accumulator layout: slot 0 counts the rows in the
 * group (so a group that empties can be removed), then each call's slots.
 *
 * <p>DISTINCT calls, and MIN/MAX where rows can be retracted, also keep how often each value was
 * seen, in a state map keyed by (scope, call, value): a value is added to a DISTINCT aggregate when
 * its count goes 0 to 1 and taken out when it goes back to 0; MIN/MAX are recomputed from the
 * values left when the current extreme is retracted.
 */
public final class Aggregator {
    private final List<AggregateCallSpec> calls;
    private final AggregateFunction[] functions;
    private final int[] offsets;
    private final boolean[] countsValues;
    private final int width;
    private final KeyValueState<Row, Long> valueCounts;

    /**
     * @param retractable whether inputs may retract rows
     * @param valueCounts the state for value counts; used only by calls that need them
     */
    public Aggregator(
            List<AggregateCallSpec> calls,
            boolean retractable,
            KeyValueState<Row, Long> valueCounts) {
        this.calls = List.copyOf(calls);
        this.functions = new AggregateFunction[calls.size()];
        this.offsets = new int[calls.size()];
        this.countsValues = new boolean[calls.size()];
        int at = 1;
        for (int i = 0; i < calls.size(); i++) {
            functions[i] = AggregateFunctions.of(calls.get(i));
            offsets[i] = at;
            at += functions[i].slots();
            countsValues[i] =
                    calls.get(i).distinct() || (retractable && functions[i].needsValueCounts());
        }
        this.width = at;
        this.valueCounts = valueCounts;
    }

    public int callCount() {
        return calls.size();
    }

    public Object[] newAccumulator() {
        Object[] acc = new Object[width];
        acc[0] = 0L;
        for (int i = 0; i < functions.length; i++) {
            functions[i].init(acc, offsets[i]);
        }
        return acc;
    }

    /** Rows in the group. */
    public static long rowCount(Object[] acc) {
        return (Long) acc[0];
    }

    public void accumulate(Object[] acc, Row scope, Row input) {
        acc[0] = rowCount(acc) + 1;
        for (int i = 0; i < functions.length; i++) {
            Object value = valueOf(i, input);
            if (value == null) {
                continue;
            }
            if (countsValues[i]) {
                long before = addCount(scope, i, value, 1);
                if (calls.get(i).distinct() && before > 0) {
                    continue;
                }
            }
            functions[i].accumulate(acc, offsets[i], value);
        }
    }

    public void retract(Object[] acc, Row scope, Row input) {
        acc[0] = rowCount(acc) - 1;
        for (int i = 0; i < functions.length; i++) {
            Object value = valueOf(i, input);
            if (value == null) {
                continue;
            }
            if (countsValues[i]) {
                long before = addCount(scope, i, value, -1);
                if (calls.get(i).distinct() && before > 1) {
                    continue;
                }
                if (functions[i].needsValueCounts()) {
                    functions[i].recompute(acc, offsets[i], values(scope, i));
                    continue;
                }
            }
            functions[i].retract(acc, offsets[i], value);
        }
    }

    /** Folds {@code other} (of scope {@code from}) into {@code acc} (of scope {@code into}). */
    public void merge(Object[] acc, Row into, Object[] other, Row from) {
        acc[0] = rowCount(acc) + rowCount(other);
        for (int i = 0; i < functions.length; i++) {
            if (!countsValues[i]) {
                functions[i].merge(acc, offsets[i], other, offsets[i]);
                continue;
            }
            List<Map.Entry<Row, Long>> moved = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Long>> it = valueCounts.prefix(scoped(from, i))) {
                it.forEachRemaining(moved::add);
            }
            for (Map.Entry<Row, Long> e : moved) {
                Object value = e.getKey().get(e.getKey().arity() - 1);
                valueCounts.delete(e.getKey());
                long before = addCount(into, i, value, e.getValue());
                if (calls.get(i).distinct() && before == 0) {
                    functions[i].accumulate(acc, offsets[i], value);
                }
            }
            if (!calls.get(i).distinct()) {
                functions[i].merge(acc, offsets[i], other, offsets[i]);
            }
        }
    }

    /** The calls' results. */
    public Object[] results(Object[] acc) {
        Object[] out = new Object[functions.length];
        for (int i = 0; i < functions.length; i++) {
            out[i] = functions[i].result(acc, offsets[i]);
        }
        return out;
    }

    /** Forgets the value counts of {@code scope}. */
    public void clear(Row scope) {
        for (int i = 0; i < functions.length; i++) {
            if (!countsValues[i]) {
                continue;
            }
            List<Row> keys = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Long>> it =
                    valueCounts.prefix(scoped(scope, i))) {
                it.forEachRemaining(e -> keys.add(e.getKey()));
            }
            keys.forEach(valueCounts::delete);
        }
    }

    private Object valueOf(int call, Row input) {
        AggregateCallSpec spec = calls.get(call);
        if (spec.filter() >= 0 && !Boolean.TRUE.equals(input.get(spec.filter()))) {
            return null;
        }
        if (spec.kind() == AggregateKind.COUNT_STAR) {
            return Boolean.TRUE;
        }
        return input.get(spec.argument());
    }

    private static Row scoped(Row scope, int call) {
        return scope.append(call);
    }

    /** Adds {@code delta} to the count of {@code value}; returns the count before. */
    private long addCount(Row scope, int call, Object value, long delta) {
        Row key = scope.append(call, value);
        Long before = valueCounts.get(key);
        long now = (before == null ? 0 : before) + delta;
        if (now <= 0) {
            valueCounts.delete(key);
        } else {
            valueCounts.put(key, now);
        }
        return before == null ? 0 : before;
    }

    private Iterable<Object> values(Row scope, int call) {
        List<Object> values = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Long>> it = valueCounts.prefix(scoped(scope, call))) {
            it.forEachRemaining(e -> values.add(e.getKey().get(e.getKey().arity() - 1)));
        }
        return values;
    }
}
