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
import dev.weir.plan.JoinKind;
import dev.weir.plan.WindowJoinNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window join (Flink SQL's): each window's result is computed once, when the watermark completes
 * the window, so the output is insert-only and final, outer rows included.
 *
 * <p>Each side keeps its rows under {@code window_end ++ join key ++ row} with a multiplicity; a
 * retraction (an input's early result taken back) lowers it. Nothing is emitted while rows arrive.
 * When the watermark passes a window's end (plus the allowed lateness), one range scan per side
 * reads the windows it completes, in window order, grouped by key: each group's pairs that pass the
 * rest of the ON condition are emitted, then (by kind) the unmatched rows padded with NULLs, or the
 * left rows that matched (SEMI) or did not (ANTI); then the windows' rows are removed.
 *
 * <p>A row is late, dropped and counted, when its window ended (plus the allowed lateness) at or
 * before its own input's watermark: so the same input rows in the same order drop the same rows
 * however the two inputs interleave. A row not late by its own input's watermark is in time for the
 * combined one, which is at most that. A row without a window end is dropped and counted.
 *
 * <p>Partitioned by the join keys (window_end first), one key holds one window's rows of one key
 * value: a row of a new state entry registers an event timer at its window's end plus the allowed
 * lateness, and {@link #onEventTime} fires that key's window as the local scan does.
 */
public final class WindowJoinOperator implements KeyedOperator {
    private static final int LEFT = JoinRows.LEFT;
    private static final int RIGHT = JoinRows.RIGHT;
    private static final String[] SIDE_NAMES = {"left", "right"};

    private final JoinKind kind;
    private final JoinKeys keys;
    private final long allowedLateness;
    private final JoinRows joinRows;
    private final List<KeyValueState<Row, Row>> sides = new ArrayList<>(2);
    private OperatorContext context;
    private JoinWatermarks watermarks;

    /**
     * Windows ending below this have been emitted and removed. Scans start here: in RocksDB removed
     * entries leave tombstones at the front of the key range, which a scan from the very start
     * would step over again and again.
     */
    private long firedBelow = Long.MIN_VALUE;

    /**
     * @param condition the rest of the ON condition over the joined row (left fields, then right
     *     fields), projecting nothing; null when the keys are the whole condition
     */
    public WindowJoinOperator(WindowJoinNode node, int leftArity, int rightArity, Calc condition) {
        this.kind = node.kind();
        this.keys = new JoinKeys(node.leftKeys(), node.rightKeys(), node.nullSafe());
        this.allowedLateness = node.allowedLateness();
        this.joinRows = new JoinRows(kind, leftArity, rightArity, condition);
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        for (String side : SIDE_NAMES) {
            sides.add(
                    context.state()
                            .keyValueState(id + "." + side, RowCodec.INSTANCE, RowCodec.INSTANCE));
        }
        watermarks = new JoinWatermarks(context);
    }

    @Override
    public void processChange(int input, Change change) {
        int side = input;
        Row row = change.row();
        Row key = keys.of(row, side);
        if (!(key.get(0) instanceof Long end)) {
            context.metrics().nullTimeRowDropped();
            return;
        }
        if (end < below(watermarks.input(side))) {
            context.metrics().lateRowDropped();
            return;
        }
        Row stateKey = key.append(row.toArray());
        KeyValueState<Row, Row> own = sides.get(side);
        Row stored = own.get(stateKey);
        long count = stored == null ? 0 : (Long) stored.get(0);
        if (change.kind().isAccumulate()) {
            own.put(stateKey, Row.of(count + 1));
            if (stored == null) {
                // A partitioned runtime fires this key's window (all its rows) then.
                context.registerEventTimer(completeAt(end));
            }
        } else if (count == 1) {
            own.delete(stateKey);
        } else if (count > 1) {
            own.put(stateKey, Row.of(count - 1));
        }
        // Retracting a row that is not there (its insert was late): nothing to take back.
    }

    @Override
    public void processInputWatermark(int input, long next) {
        watermarks.advanceInput(input, next);
    }

    @Override
    public void processWatermark(long next) {
        advanceWatermark(next);
        long below = below(next);
        if (below > firedBelow) {
            fire(firedBelow, below);
            firedBelow = below;
        }
        context.output().emitWatermark(next);
    }

    @Override
    public void advanceWatermark(long next) {
        watermarks.advanceCombined(next);
        context.metrics().watermark(next);
    }

    /** The key in scope is one window (window_end is its first key): fires it when complete. */
    @Override
    public void onEventTime(long time) {
        fire(Long.MIN_VALUE, below(time));
    }

    /** The watermark that completes the window ending at {@code end}, the lateness included. */
    private long completeAt(long end) {
        long at = end + allowedLateness;
        return at < end ? Watermarks.END : at;
    }

    /**
     * Window ends below this are complete at watermark {@code time}, the lateness included (none
     * before any watermark).
     */
    private long below(long time) {
        if (time == Watermarks.NONE) {
            return Long.MIN_VALUE;
        }
        if (time == Watermarks.END) {
            return Long.MAX_VALUE;
        }
        long cut = time - allowedLateness;
        return cut > time ? Long.MIN_VALUE : cut + 1;
    }

    /** A row of one side, as it stands in state, and how many times it is there. */
    private record Counted(Row stateKey, Row row, long count) {}

    /** Emits the result of the windows ending in {@code [from, below)}, then removes their rows. */
    private void fire(long from, long below) {
        List<Map<Row, List<Counted>>> groups = new ArrayList<>(2);
        for (int side = LEFT; side <= RIGHT; side++) {
            groups.add(windowRows(side, from, below));
        }
        Map<Row, List<Counted>> lefts = groups.get(LEFT);
        Map<Row, List<Counted>> rights = groups.get(RIGHT);
        for (Map.Entry<Row, List<Counted>> group : lefts.entrySet()) {
            emitGroup(
                    group.getKey(),
                    group.getValue(),
                    rights.getOrDefault(group.getKey(), List.of()));
        }
        for (Map.Entry<Row, List<Counted>> group : rights.entrySet()) {
            if (!lefts.containsKey(group.getKey())) {
                emitGroup(group.getKey(), List.of(), group.getValue());
            }
        }
        for (int side = LEFT; side <= RIGHT; side++) {
            KeyValueState<Row, Row> state = sides.get(side);
            for (List<Counted> rows : groups.get(side).values()) {
                rows.forEach(c -> state.delete(c.stateKey()));
            }
        }
    }

    /**
     * The rows of {@code side} in windows ending in {@code [from, below)}, by key, in key order.
     */
    private Map<Row, List<Counted>> windowRows(int side, long from, long below) {
        Map<Row, List<Counted>> byKey = new LinkedHashMap<>();
        int keyLength = keys.length();
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                below == Long.MAX_VALUE
                        ? sides.get(side).all()
                        : sides.get(side).range(Row.of(from), Row.of(below))) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> entry = it.next();
                Row stateKey = entry.getKey();
                byKey.computeIfAbsent(stateKey.slice(0, keyLength), k -> new ArrayList<>())
                        .add(
                                new Counted(
                                        stateKey,
                                        stateKey.slice(keyLength, stateKey.arity()),
                                        (Long) entry.getValue().get(0)));
            }
        }
        return byKey;
    }

    /** The result of one window and key: its pairs, and the rows the kind keeps besides. */
    private void emitGroup(Row key, List<Counted> lefts, List<Counted> rights) {
        boolean canMatch = keys.matchable(key);
        boolean[] rightMatched = new boolean[rights.size()];
        for (Counted l : lefts) {
            boolean matched = false;
            for (int j = 0; canMatch && j < rights.size(); j++) {
                Counted r = rights.get(j);
                if (!joinRows.passes(LEFT, l.row(), r.row())) {
                    continue;
                }
                matched = true;
                rightMatched[j] = true;
                if (kind.filtersLeft()) {
                    break; // a SEMI or ANTI join needs to know only whether a partner exists
                }
                emit(joinRows.joined(LEFT, l.row(), r.row()), l.count() * r.count());
            }
            if (kind == JoinKind.SEMI && matched || kind == JoinKind.ANTI && !matched) {
                emit(l.row(), l.count());
            } else if (!matched && joinRows.keepsUnmatched(LEFT)) {
                emit(joinRows.padded(LEFT, l.row()), l.count());
            }
        }
        if (joinRows.keepsUnmatched(RIGHT)) {
            for (int j = 0; j < rights.size(); j++) {
                if (!rightMatched[j]) {
                    emit(joinRows.padded(RIGHT, rights.get(j).row()), rights.get(j).count());
                }
            }
        }
    }

    private void emit(Row row, long times) {
        JoinRows.emit(context.output(), RowKind.INSERT, row, times);
    }
}
