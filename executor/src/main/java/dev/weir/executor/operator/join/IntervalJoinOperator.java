package dev.weir.executor.operator.join;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.operator.KeyedOperator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.IntervalJoinNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An interval join of two insert-only streams (Flink's time-interval join): a left row of time
 * {@code l} and a right row of time {@code r} with equal keys match when {@code lower <= r - l <=
 * upper} and the rest of the ON condition holds.
 *
 * <p>Each side keeps its rows under {@code key ++ time ++ row} (with a multiplicity and whether the
 * row has matched), so an arriving row finds its partners with one range scan over the other side's
 * rows of its key and times in its interval. A row is late, dropped and counted, when its time is
 * at or below its own input's watermark. Once the watermark (the minimum of the inputs') reaches a
 * row's expiry (a left row's {@code l + upper}, a right row's {@code r - lower}) no row of the
 * other side that is not late can match it: it is removed, and, in an outer join, if it never
 * matched, its NULL-padded row is emitted then. An index keyed by expiry finds those rows with one
 * range scan per watermark. So the output is insert-only and the state holds only rows within their
 * interval of the watermark.
 *
 * <p>The watermark passed on is held back by {@link IntervalJoinNode#watermarkDelay()}: every pair
 * is emitted while both its rows are in state (or arriving), and a padded row at its expiry, so
 * none of them is late downstream.
 *
 * <p>Every state entry is under the join key, so a runtime may partition the operator by it: a
 * row's new index entry registers an event timer at its expiry, and {@link #onEventTime} removes
 * (and pads) the expired rows of the key in scope as the local scan does for every key.
 */
public final class IntervalJoinOperator implements KeyedOperator {
    private static final int LEFT = JoinRows.LEFT;
    private static final int RIGHT = JoinRows.RIGHT;
    private static final String[] SIDE_NAMES = {"left", "right"};

    private final IntervalJoinNode node;
    private final JoinKeys keys;
    private final int[] timeFields;
    private final JoinRows joinRows;
    private final List<KeyValueState<Row, Row>> rows = new ArrayList<>(2);
    private final List<KeyValueState<Row, Row>> expiries = new ArrayList<>(2);
    private OperatorContext context;
    private JoinWatermarks watermarks;

    /**
     * Expiries at or below this have been removed. Scans start here: in RocksDB removed entries
     * leave tombstones at the front of the index, which a scan from the very start would step over
     * again and again.
     */
    private long removedThrough = Long.MIN_VALUE;

    /**
     * @param condition the rest of the ON condition over the joined row (left fields, then right
     *     fields), projecting nothing; null when the keys and bounds are the whole condition
     */
    public IntervalJoinOperator(
            IntervalJoinNode node, int leftArity, int rightArity, Calc condition) {
        this.node = node;
        this.keys = new JoinKeys(node.leftKeys(), node.rightKeys(), node.nullSafe());
        this.timeFields = new int[] {node.leftTime(), node.rightTime()};
        this.joinRows = new JoinRows(node.kind(), leftArity, rightArity, condition);
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        for (String side : SIDE_NAMES) {
            rows.add(
                    context.state()
                            .keyValueState(id + "." + side, RowCodec.INSTANCE, RowCodec.INSTANCE));
            expiries.add(
                    context.state()
                            .keyValueState(
                                    id + "." + side + "Expiry",
                                    RowCodec.INSTANCE,
                                    RowCodec.INSTANCE));
        }
        watermarks = new JoinWatermarks(context);
    }

    /** A row of the other side within the interval, as it stands in state. */
    private record Match(Row stateKey, Row row, long count, boolean matched) {}

    @Override
    public void processChange(int input, Change change) {
        if (change.kind() != RowKind.INSERT) {
            throw new IllegalStateException("an interval join reads insert-only inputs");
        }
        int side = input;
        Row row = change.row();
        Object time = row.get(timeFields[side]);
        if (time == null) {
            // Compared with a NULL time the bounds are unknown: the row matches nothing, ever.
            padIfKept(side, row, 1);
            return;
        }
        long t = (Long) time;
        long ownWatermark = watermarks.input(side);
        if (ownWatermark != Watermarks.NONE && t <= ownWatermark) {
            context.metrics().lateRowDropped();
            return;
        }
        Row key = keys.of(row, side);
        if (!keys.matchable(key)) {
            padIfKept(side, row, 1); // a NULL key (under plain =) matches nothing, ever
            return;
        }
        boolean matched = joinWithOtherSide(side, row, key, t);
        long expiry = side == LEFT ? node.leftExpiry(t) : node.rightExpiry(t);
        long current = watermarks.combined();
        if (current != Watermarks.NONE && expiry <= current) {
            // Every row of the other side that could still match it is late already.
            if (!matched) {
                padIfKept(side, row, 1);
            }
            return;
        }
        Row stateKey = key.append(t).append(row.toArray());
        KeyValueState<Row, Row> own = rows.get(side);
        Row stored = own.get(stateKey);
        long count = stored == null ? 0 : (Long) stored.get(0);
        boolean wasMatched = stored != null && (Boolean) stored.get(1);
        own.put(stateKey, Row.of(count + 1, matched || wasMatched));
        if (stored == null) {
            expiries.get(side).put(Row.of(expiry).append(stateKey.toArray()), Row.of());
            context.registerEventTimer(expiry);
        }
    }

    /** Emits the pairs {@code row} makes with the other side's rows; whether it made any. */
    private boolean joinWithOtherSide(int side, Row row, Row key, long t) {
        int other = 1 - side;
        List<Match> matches = matches(side, row, key, t);
        KeyValueState<Row, Row> others = rows.get(other);
        for (Match m : matches) {
            if (!m.matched() && joinRows.keepsUnmatched(other)) {
                others.put(m.stateKey(), Row.of(m.count(), true));
            }
            emit(joinRows.joined(side, row, m.row()), m.count());
        }
        return !matches.isEmpty();
    }

    /** The other side's rows with {@code key} in the interval of {@code t} that pass the rest. */
    private List<Match> matches(int side, Row row, Row key, long t) {
        // Left row at l: right rows in [l + lower, l + upper]; right row at r: left rows in
        // [r - upper, r - lower].
        long from = side == LEFT ? add(t, node.lowerBound()) : subtract(t, node.upperBound());
        long to = side == LEFT ? add(t, node.upperBound()) : subtract(t, node.lowerBound());
        List<Match> matches = new ArrayList<>();
        if (from > to) {
            return matches;
        }
        KeyValueState<Row, Row> others = rows.get(1 - side);
        int keyLength = key.arity();
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                to == Long.MAX_VALUE
                        ? others.prefix(key)
                        : others.range(key.append(from), key.append(to + 1))) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> entry = it.next();
                long candidateTime = (Long) entry.getKey().get(keyLength);
                if (candidateTime < from || candidateTime > to) {
                    continue;
                }
                Row candidate = entry.getKey().slice(keyLength + 1, entry.getKey().arity());
                if (!joinRows.passes(side, row, candidate)) {
                    continue;
                }
                Row value = entry.getValue();
                matches.add(
                        new Match(
                                entry.getKey(),
                                candidate,
                                (Long) value.get(0),
                                (Boolean) value.get(1)));
            }
        }
        return matches;
    }

    @Override
    public void processInputWatermark(int input, long next) {
        watermarks.advanceInput(input, next);
    }

    @Override
    public void processWatermark(long next) {
        advanceWatermark(next);
        if (next != Watermarks.NONE && next > removedThrough) {
            removeExpired(removedThrough, next);
            removedThrough = next;
        }
        long out = outputWatermark(next);
        if (out != Watermarks.NONE) {
            context.output().emitWatermark(out);
        }
    }

    @Override
    public void advanceWatermark(long next) {
        watermarks.advanceCombined(next);
        context.metrics().watermark(next);
    }

    /** For the key in scope: removes (and pads) its rows expired at or before {@code time}. */
    @Override
    public void onEventTime(long time) {
        removeExpired(Long.MIN_VALUE, time);
    }

    /** The inputs' watermark held back by the node's delay, so that no row emitted is late. */
    @Override
    public long outputWatermark(long watermark) {
        // Far below the epoch the held-back watermark would wrap around: nothing to pass on yet.
        long out = watermark == Watermarks.END ? watermark : watermark - node.watermarkDelay();
        return out <= watermark ? out : Watermarks.NONE;
    }

    /**
     * Removes the rows whose expiry is in {@code [from, current]}, emitting an outer join's padded
     * row for each that never matched: nothing that is not late can match them any more.
     */
    private void removeExpired(long from, long current) {
        for (int side = LEFT; side <= RIGHT; side++) {
            KeyValueState<Row, Row> index = expiries.get(side);
            List<Row> due = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Row>> it =
                    current == Long.MAX_VALUE
                            ? index.all()
                            : index.range(Row.of(from), Row.of(current + 1))) {
                while (it.hasNext()) {
                    due.add(it.next().getKey());
                }
            }
            KeyValueState<Row, Row> own = rows.get(side);
            boolean padded = joinRows.keepsUnmatched(side);
            for (Row entry : due) {
                Row stateKey = entry.slice(1, entry.arity());
                // Only a padded side needs to know whether the row ever matched: no read otherwise.
                Row stored = padded ? own.get(stateKey) : null;
                if (stored != null && !(Boolean) stored.get(1)) {
                    int keyLength = keys.length();
                    Row row = stateKey.slice(keyLength + 1, stateKey.arity());
                    padIfKept(side, row, (Long) stored.get(0));
                }
                own.delete(stateKey);
                index.delete(entry);
            }
        }
    }

    private void padIfKept(int side, Row row, long times) {
        if (joinRows.keepsUnmatched(side)) {
            emit(joinRows.padded(side, row), times);
        }
    }

    private void emit(Row row, long times) {
        JoinRows.emit(context.output(), RowKind.INSERT, row, times);
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    private static long subtract(long a, long b) {
        return b == Long.MIN_VALUE ? add(add(a, Long.MAX_VALUE), 1) : add(a, -b);
    }
}
