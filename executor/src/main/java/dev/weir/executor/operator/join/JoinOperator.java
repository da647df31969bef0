package dev.weir.executor.operator.join;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.operator.KeyedOperator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.WatermarkState;
import dev.weir.executor.operator.Watermarks;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.JoinKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An equi-join of two changelogs, maintained incrementally (Flink's regular streaming join). Each
 * side keeps its rows in state under {@code join key ++ row} with a multiplicity, so a change on
 * one side finds its partners on the other with one prefix scan, and a retraction takes back
 * exactly the pairs its row made.
 *
 * <p>Outer joins also keep, for each row of a side whose unmatched rows are kept, how many rows of
 * the other side it joins with: when that goes from 0 to 1 the row's NULL-padded result is
 * retracted before the first pair is emitted, and when it goes back to 0 the padded row returns.
 *
 * <p>SEMI and ANTI joins keep the same partner counts for left rows and emit left rows only.
 *
 * <p>Output is inserts and deletes: the left row's fields, then the right row's. A regular join
 * does not look at the watermark, which passes through, and its state grows with its inputs (a join
 * of two unbounded streams keeps every row). A window join (both inputs windowed, joined on their
 * window_end) keeps rows only until the watermark completes their window: state keys start with the
 * window's end, so one range scan finds what a watermark completes.
 */
public final class JoinOperator implements KeyedOperator {
    private static final int LEFT = JoinRows.LEFT;
    private static final int RIGHT = JoinRows.RIGHT;

    private final JoinKind kind;
    private final int[][] keys;
    private final boolean[] nullSafe;
    private final JoinRows rows;
    private final boolean windowed;
    private final long allowedLateness;
    private final List<KeyValueState<Row, Row>> sides = new ArrayList<>(2);
    private OperatorContext context;
    private WatermarkState watermark;

    /**
     * Windows ending at or before this have had their state removed. Cleanup scans start here: in
     * RocksDB removed entries leave tombstones at the front of the key range, which a scan from the
     * very start would step over again and again.
     */
    private long cleanedBelow = Long.MIN_VALUE;

    /**
     * @param condition the rest of the ON condition over the joined row (left fields, then right
     *     fields), projecting nothing; null when the keys are the whole condition
     */
    public JoinOperator(
            JoinKind kind,
            List<Integer> leftKeys,
            List<Integer> rightKeys,
            List<Boolean> nullSafe,
            int leftArity,
            int rightArity,
            Calc condition) {
        this(kind, leftKeys, rightKeys, nullSafe, leftArity, rightArity, condition, false, 0);
    }

    /**
     * A window join when {@code windowed}: the first key of each side is its window_end. A row
     * whose window ended (plus {@code allowedLateness}) at or before the watermark is late and
     * dropped, and the watermark removes the state of windows it completes.
     */
    public JoinOperator(
            JoinKind kind,
            List<Integer> leftKeys,
            List<Integer> rightKeys,
            List<Boolean> nullSafe,
            int leftArity,
            int rightArity,
            Calc condition,
            boolean windowed,
            long allowedLateness) {
        this.windowed = windowed;
        this.allowedLateness = allowedLateness;
        this.kind = kind;
        this.keys =
                new int[][] {
                    leftKeys.stream().mapToInt(Integer::intValue).toArray(),
                    rightKeys.stream().mapToInt(Integer::intValue).toArray()
                };
        this.nullSafe = new boolean[nullSafe.size()];
        for (int i = 0; i < this.nullSafe.length; i++) {
            this.nullSafe[i] = nullSafe.get(i);
        }
        this.rows = new JoinRows(kind, leftArity, rightArity, condition);
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        sides.add(
                context.state().keyValueState(id + ".left", RowCodec.INSTANCE, RowCodec.INSTANCE));
        sides.add(
                context.state().keyValueState(id + ".right", RowCodec.INSTANCE, RowCodec.INSTANCE));
        if (windowed) {
            watermark = new WatermarkState(context.operatorState(), id + ".meta");
        }
    }

    /** A row of the other side that joins with the changed row, as it stands in state. */
    private record Match(Row stateKey, Row row, long count, long partners) {}

    @Override
    public void processChange(int input, Change change) {
        int side = input;
        int other = 1 - side;
        Row row = change.row();
        Row key = row.project(keys[side]);
        boolean accumulate = change.kind().isAccumulate();
        if (windowed && isLate((Long) key.get(0))) {
            context.metrics().lateRowDropped();
            return;
        }
        if (!JoinRows.matchable(key, nullSafe)) {
            // A NULL key (under plain =) matches nothing, now or later: no need to keep the row.
            if (kind == JoinKind.ANTI && side == LEFT) {
                emit(accumulate ? RowKind.INSERT : RowKind.DELETE, row, 1);
            } else if (rows.keepsUnmatched(side)) {
                emit(accumulate ? RowKind.INSERT : RowKind.DELETE, rows.padded(side, row), 1);
            }
            return;
        }
        Row stateKey = key.append(row.toArray());
        KeyValueState<Row, Row> own = sides.get(side);
        Row stored = own.get(stateKey);
        long count = stored == null ? 0 : (Long) stored.get(0);
        if (!accumulate && count == 0) {
            return; // retracting a row that was never there: nothing to take back
        }
        List<Match> matches = matches(side, row, key);
        if (accumulate) {
            long partners = 0;
            for (Match m : matches) {
                partners += m.count();
            }
            own.put(stateKey, Row.of(count + 1, partners));
            if (windowed && count == 0) {
                // A partitioned runtime removes the window's rows (all of this key) then.
                context.registerEventTimer((Long) key.get(0) + allowedLateness);
            }
        } else if (count == 1) {
            own.delete(stateKey);
        } else {
            own.put(stateKey, Row.of(count - 1, stored.get(1)));
        }
        if (kind.filtersLeft()) {
            filterLeft(side, row, accumulate, matches);
            return;
        }
        if (matches.isEmpty()) {
            if (rows.keepsUnmatched(side)) {
                emit(accumulate ? RowKind.INSERT : RowKind.DELETE, rows.padded(side, row), 1);
            }
            return;
        }
        KeyValueState<Row, Row> others = sides.get(other);
        for (Match m : matches) {
            if (accumulate) {
                if (rows.keepsUnmatched(other)) {
                    if (m.partners() == 0) {
                        emit(RowKind.DELETE, rows.padded(other, m.row()), m.count());
                    }
                    others.put(m.stateKey(), Row.of(m.count(), m.partners() + 1));
                }
                emit(RowKind.INSERT, rows.joined(side, row, m.row()), m.count());
            } else {
                emit(RowKind.DELETE, rows.joined(side, row, m.row()), m.count());
                if (rows.keepsUnmatched(other)) {
                    others.put(m.stateKey(), Row.of(m.count(), m.partners() - 1));
                    if (m.partners() == 1) {
                        emit(RowKind.INSERT, rows.padded(other, m.row()), m.count());
                    }
                }
            }
        }
    }

    /**
     * SEMI and ANTI joins emit left rows only: a left row is in the result while it has partners
     * (SEMI) or while it has none (ANTI), so a right row's change flips the left rows whose partner
     * count it moves between 0 and 1.
     */
    private void filterLeft(int side, Row row, boolean accumulate, List<Match> matches) {
        boolean semi = kind == JoinKind.SEMI;
        if (side == LEFT) {
            if (matches.isEmpty() != semi) {
                emit(accumulate ? RowKind.INSERT : RowKind.DELETE, row, 1);
            }
            return;
        }
        KeyValueState<Row, Row> lefts = sides.get(LEFT);
        for (Match m : matches) {
            long partners = m.partners() + (accumulate ? 1 : -1);
            lefts.put(m.stateKey(), Row.of(m.count(), partners));
            boolean wasIn = (m.partners() > 0) == semi;
            boolean isIn = (partners > 0) == semi;
            if (wasIn != isIn) {
                emit(isIn ? RowKind.INSERT : RowKind.DELETE, m.row(), m.count());
            }
        }
    }

    /** The other side's rows with {@code key} that pass the rest of the ON condition with row. */
    private List<Match> matches(int side, Row row, Row key) {
        int other = 1 - side;
        int keyLength = key.arity();
        List<Match> matches = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = sides.get(other).prefix(key)) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> entry = it.next();
                Row candidate = entry.getKey().slice(keyLength, entry.getKey().arity());
                if (!rows.passes(side, row, candidate)) {
                    continue;
                }
                Row value = entry.getValue();
                matches.add(
                        new Match(
                                entry.getKey(),
                                candidate,
                                (Long) value.get(0),
                                (Long) value.get(1)));
            }
        }
        return matches;
    }

    private void emit(RowKind kind, Row row, long times) {
        JoinRows.emit(context.output(), kind, row, times);
    }

    private boolean isLate(long windowEnd) {
        long current = watermark.get();
        return current != Watermarks.NONE && windowEnd + allowedLateness <= current;
    }

    @Override
    public void processWatermark(long newWatermark) {
        advanceWatermark(newWatermark);
        if (windowed) {
            removeCompletedWindows(newWatermark);
        }
        context.output().emitWatermark(newWatermark);
    }

    @Override
    public void advanceWatermark(long newWatermark) {
        if (windowed) {
            watermark.set(newWatermark);
        }
        context.metrics().watermark(newWatermark);
    }

    /** A window join's key starts with its window's end: at this time the window is complete. */
    @Override
    public void onEventTime(long time) {
        if (windowed) {
            removeWindowsBelow(Long.MIN_VALUE, below(time));
        }
    }

    /** Removes the rows of windows the watermark completed: nothing can join them any more. */
    private void removeCompletedWindows(long current) {
        if (current == Watermarks.NONE) {
            return;
        }
        long below = below(current);
        if (below <= cleanedBelow) {
            return;
        }
        removeWindowsBelow(cleanedBelow, below);
        cleanedBelow = below;
    }

    /** Window ends below this are complete at {@code time}, their lateness included. */
    private long below(long time) {
        return time == Watermarks.END ? Long.MAX_VALUE : time - allowedLateness + 1;
    }

    /** Removes the rows of the windows ending in {@code [from, below)}. */
    private void removeWindowsBelow(long from, long below) {
        for (KeyValueState<Row, Row> side : sides) {
            List<Row> done = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Row>> it =
                    side.range(Row.of(from), Row.of(below))) {
                while (it.hasNext()) {
                    done.add(it.next().getKey());
                }
            }
            done.forEach(side::delete);
        }
    }
}
