package dev.weir.executor.operator.aggregate;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Unbounded GROUP BY over a changelog: per key an accumulator and a row count. A new group emits
 * +I, a changed result -U then +U (nothing when the result is unchanged), and a group whose rows
 * are all retracted emits -D and is removed from state. Output: key fields, then the calls.
 *
 * <p>A global aggregate (no GROUP BY) has a result even over no rows, as SQL has it ({@code
 * COUNT(*)} is 0, {@code SUM} NULL): it emits that row once the job has run its first round without
 * input, and goes back to it, not away, when every row is retracted. So does the grand total of
 * GROUPING SETS, ROLLUP and CUBE: the empty grouping set {@code ()} is a global aggregate.
 */
public final class GroupAggregateOperator implements Operator {
    private final int[] keys;

    /** Per grouping set, which of {@code keys} it groups by; empty for a plain GROUP BY. */
    private final List<boolean[]> groupingSets;

    private final List<AggregateCallSpec> calls;
    private static final Row GLOBAL = Row.of();

    private final boolean global;
    private final boolean retractable;
    private OperatorContext context;
    private KeyValueState<Row, Row> accumulators;
    private Aggregator aggregator;

    /** Over a retracting input. */
    public GroupAggregateOperator(List<Integer> keys, List<AggregateCallSpec> calls) {
        this(keys, List.of(), calls, true);
    }

    /**
     * GROUPING SETS: each input change updates one group per set; keys outside a set are NULL in
     * its output rows, as SQL has it.
     *
     * @param groupingSets per set, the key fields (input indices, a subset of {@code keys})
     * @param retractable whether the input may retract rows. Over an insert-only input MIN and MAX
     *     keep only the current extreme in the accumulator; over a retracting one they also count
     *     every value of the group (to find the next extreme when the current one is retracted),
     *     which over an input that never retracts would only grow.
     */
    public GroupAggregateOperator(
            List<Integer> keys,
            List<List<Integer>> groupingSets,
            List<AggregateCallSpec> calls,
            boolean retractable) {
        this.retractable = retractable;
        this.keys = keys.stream().mapToInt(Integer::intValue).toArray();
        this.groupingSets = new java.util.ArrayList<>();
        for (List<Integer> set : groupingSets) {
            boolean[] in = new boolean[this.keys.length];
            for (int i = 0; i < this.keys.length; i++) {
                in[i] = set.contains(this.keys[i]);
            }
            this.groupingSets.add(in);
        }
        this.calls = List.copyOf(calls);
        this.global = this.keys.length == 0 && groupingSets.isEmpty();
        List<Row> totals = new java.util.ArrayList<>();
        for (int set = 0; set < this.groupingSets.size(); set++) {
            boolean[] in = this.groupingSets.get(set);
            boolean empty = true;
            for (boolean b : in) {
                empty &= !b;
            }
            if (empty) {
                totals.add(setKey(new Object[this.keys.length + 1], set));
            }
        }
        this.grandTotals = List.copyOf(totals);
    }

    /** The groups that exist without rows: the global one, or those of empty grouping sets. */
    private final List<Row> grandTotals;

    private static Row setKey(Object[] key, int set) {
        key[key.length - 1] = set;
        return Row.wrap(key);
    }

    private List<Row> alwaysExisting() {
        return global ? List.of(GLOBAL) : grandTotals;
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        accumulators =
                context.state().keyValueState(id + ".acc", RowCodec.INSTANCE, RowCodec.INSTANCE);
        KeyValueState<Row, Long> values =
                context.state()
                        .keyValueState(id + ".values", RowCodec.INSTANCE, LongCodec.INSTANCE);
        // A checkpoint written before the input's changelog chose this (always retractable) may
        // hold value counts of MIN/MAX; over an insert-only input they are only ever written,
        // never read (no row is retracted, so no group empties and no extreme is recomputed), so
        // the accumulators alone give the same results and those counts merely stop growing.
        aggregator = new Aggregator(calls, retractable, values);
        for (Row key : alwaysExisting()) {
            if (accumulators.get(key) == null) {
                // Downstream operators open after this one: emit the empty result at the first
                // timer round instead, unless a row has made the group exist by then.
                context.registerProcessingTimer(context.currentProcessingTime());
                break;
            }
        }
    }

    @Override
    public void onProcessingTime(long now) {
        for (Row key : alwaysExisting()) {
            if (accumulators.get(key) == null) {
                Object[] acc = aggregator.newAccumulator();
                accumulators.put(key, Row.wrap(acc));
                Row visible = global ? key : key.slice(0, keys.length);
                emit(Change.insert(output(visible, aggregator.results(acc))));
            }
        }
    }

    @Override
    public void processChange(int input, Change change) {
        if (groupingSets.isEmpty()) {
            apply(change, change.row().project(keys), keys.length);
            return;
        }
        for (int set = 0; set < groupingSets.size(); set++) {
            boolean[] in = groupingSets.get(set);
            Object[] key = new Object[keys.length + 1];
            for (int i = 0; i < keys.length; i++) {
                key[i] = in[i] ? change.row().get(keys[i]) : null;
            }
            // The set's number keeps a real NULL key apart from a key rolled up to NULL.
            key[keys.length] = set;
            apply(change, Row.wrap(key), keys.length);
        }
    }

    /** Applies one change to the group {@code key}; its first {@code visible} fields are output. */
    private void apply(Change change, Row key, int visible) {
        Row stored = accumulators.get(key);
        Object[] acc = stored == null ? aggregator.newAccumulator() : stored.toArray();
        Object[] before = stored == null ? null : aggregator.results(acc);
        if (change.kind().isAccumulate()) {
            aggregator.accumulate(acc, key, change.row());
        } else {
            if (stored == null) {
                return; // retracting from a group that does not exist: nothing to take back
            }
            aggregator.retract(acc, key, change.row());
        }
        Row outputKey = visible == key.arity() ? key : key.slice(0, visible);
        if (Aggregator.rowCount(acc) <= 0 && !alwaysExisting().contains(key)) {
            accumulators.delete(key);
            aggregator.clear(key);
            emit(Change.delete(output(outputKey, before)));
            return;
        }
        accumulators.put(key, Row.wrap(acc));
        Object[] after = aggregator.results(acc);
        if (before == null) {
            emit(Change.insert(output(outputKey, after)));
        } else if (!Arrays.equals(before, after)) {
            emit(Change.updateBefore(output(outputKey, before)));
            emit(Change.updateAfter(output(outputKey, after)));
        }
    }

    private static Row output(Row key, Object[] results) {
        return key.append(results);
    }

    private void emit(Change change) {
        context.output().emit(change);
    }

    @Override
    public void processWatermark(long watermark) {
        // Without windows the watermark plays no part; pass it on for operators downstream.
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }
}
