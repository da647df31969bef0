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
import dev.weir.plan.TemporalJoinNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event-time temporal join ({@link TemporalJoinNode}): each left row joins the version of its
 * key valid at its time, once the watermark says no earlier version can still arrive.
 *
 * <p>Left rows wait under {@code time ++ row} (with a multiplicity), so the rows the watermark
 * releases are one range scan, in time order. Right rows are kept under {@code key ++ time ++ row},
 * so the version of a key at a time is the last time of a range scan over the key's rows. A right
 * row of time {@code r} makes the key's older versions useless once the watermark reaches {@code
 * r}: every left row still to come is later than the watermark and takes version {@code r} or a
 * newer one. An index under {@code r ++ key} finds those keys with one range scan per watermark,
 * and their older versions are removed. So the state holds the left rows above the watermark and,
 * per key, the latest version at or below it and the newer ones.
 *
 * <p>A row at or below its own input's watermark is late, dropped and counted. Released rows are
 * emitted before the watermark that released them is passed on, so none is late downstream.
 *
 * <p>Every state entry is written while processing a row of its version key, so a runtime may
 * partition the operator by it: a stored left row registers an event timer at its time, a stored
 * right row one at its time (when it supersedes older versions), and {@link #onEventTime} does for
 * the key in scope what the local scans do for every key.
 */
public final class TemporalJoinOperator implements KeyedOperator {
    private static final int LEFT = JoinRows.LEFT;
    private static final int RIGHT = JoinRows.RIGHT;

    private final TemporalJoinNode node;
    private final JoinKeys keys;
    private final JoinRows joinRows;
    private OperatorContext context;
    private JoinWatermarks watermarks;

    /** Left rows waiting for the watermark: {@code time ++ row} to {@code (count)}. */
    private KeyValueState<Row, Row> waiting;

    /** Right rows, the versions: {@code key ++ time ++ row} to {@code (count)}. */
    private KeyValueState<Row, Row> versions;

    /** {@code time ++ key}: once the watermark reaches time, the key's older versions can go. */
    private KeyValueState<Row, Row> supersessions;

    /**
     * Watermarks at or below this have been processed. Scans start here: in RocksDB removed entries
     * leave tombstones at the front of an index, which a scan from the very start would step over
     * again and again.
     */
    private long processedThrough = Long.MIN_VALUE;

    /**
     * @param condition the rest of the ON condition over the joined row (left fields, then right
     *     fields), projecting nothing; null when the keys are the whole condition
     */
    public TemporalJoinOperator(
            TemporalJoinNode node, int leftArity, int rightArity, Calc condition) {
        this.node = node;
        this.keys = new JoinKeys(node.leftKeys(), node.rightKeys(), node.nullSafe());
        this.joinRows = new JoinRows(node.kind(), leftArity, rightArity, condition);
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        String id = context.operatorId();
        waiting = context.state().keyValueState(id + ".left", RowCodec.INSTANCE, RowCodec.INSTANCE);
        versions =
                context.state().keyValueState(id + ".right", RowCodec.INSTANCE, RowCodec.INSTANCE);
        supersessions =
                context.state()
                        .keyValueState(
                                id + ".rightSupersession", RowCodec.INSTANCE, RowCodec.INSTANCE);
        watermarks = new JoinWatermarks(context);
    }

    @Override
    public void processChange(int input, Change change) {
        if (change.kind() != RowKind.INSERT) {
            throw new IllegalStateException("a temporal join reads insert-only inputs");
        }
        Row row = change.row();
        Object time = row.get(input == LEFT ? node.leftTime() : node.rightTime());
        if (time == null) {
            // No time, no version: a left row joins nothing (a LEFT join pads it at once), a
            // right row is no version of anything.
            if (input == LEFT && joinRows.keepsUnmatched(LEFT)) {
                emit(joinRows.padded(LEFT, row), 1);
            }
            return;
        }
        long t = (Long) time;
        long own = watermarks.input(input);
        if (own != Watermarks.NONE && t <= own) {
            context.metrics().lateRowDropped();
            return;
        }
        if (input == LEFT) {
            add(waiting, Row.of(t).append(row.toArray()));
            context.registerEventTimer(t);
            return;
        }
        Row key = keys.of(row, RIGHT);
        if (!keys.matchable(key)) {
            return; // a NULL key (under plain =) is the version of nothing a left row can have
        }
        if (node.lastRowPerTime()) {
            // A versioned view's deduplication keeps one row per key and time: the later arrival.
            removeVersion(key, t);
        }
        add(versions, key.append(t).append(row.toArray()));
        supersessions.put(Row.of(t).append(key.toArray()), Row.of());
        context.registerEventTimer(t);
    }

    /** Removes the rows of {@code key}'s version at {@code t}. */
    private void removeVersion(Row key, long t) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                t == Long.MAX_VALUE
                        ? versions.prefix(key)
                        : versions.range(key.append(t), key.append(t + 1))) {
            while (it.hasNext()) {
                Row stateKey = it.next().getKey();
                if ((Long) stateKey.get(key.arity()) == t) {
                    rows.add(stateKey);
                }
            }
        }
        rows.forEach(versions::delete);
    }

    private static void add(KeyValueState<Row, Row> state, Row stateKey) {
        Row stored = state.get(stateKey);
        state.put(stateKey, Row.of((stored == null ? 0 : (Long) stored.get(0)) + 1));
    }

    @Override
    public void processInputWatermark(int input, long next) {
        watermarks.advanceInput(input, next);
    }

    @Override
    public void processWatermark(long next) {
        advanceWatermark(next);
        if (next != Watermarks.NONE && next > processedThrough) {
            // Left rows first: they may need versions the removal would take.
            releaseLeftRows(processedThrough, next);
            removeSupersededVersions(processedThrough, next);
            processedThrough = next;
        }
        if (next != Watermarks.NONE) {
            context.output().emitWatermark(next);
        }
    }

    @Override
    public void advanceWatermark(long next) {
        watermarks.advanceCombined(next);
        context.metrics().watermark(next);
    }

    /**
     * For the key in scope: joins its left rows at or below {@code time}, then removes its versions
     * superseded by then. Per key, in time order, this is what the local scans do: a left row
     * released later is later than every version removed before it.
     */
    @Override
    public void onEventTime(long time) {
        releaseLeftRows(Long.MIN_VALUE, time);
        removeSupersededVersions(Long.MIN_VALUE, time);
    }

    /** Joins and emits the waiting left rows in {@code [from, current]}, in time order. */
    private void releaseLeftRows(long from, long current) {
        List<Map.Entry<Row, Row>> due = scanThrough(waiting, from, current);
        for (Map.Entry<Row, Row> entry : due) {
            Row stateKey = entry.getKey();
            long t = (Long) stateKey.get(0);
            Row row = stateKey.slice(1, stateKey.arity());
            long count = (Long) entry.getValue().get(0);
            boolean joined = false;
            for (Row version : versionAt(keys.of(row, LEFT), t)) {
                if (joinRows.passes(LEFT, row, version.slice(1, version.arity()))) {
                    emit(
                            joinRows.joined(LEFT, row, version.slice(1, version.arity())),
                            count * (Long) version.get(0));
                    joined = true;
                }
            }
            if (!joined && joinRows.keepsUnmatched(LEFT)) {
                emit(joinRows.padded(LEFT, row), count);
            }
            waiting.delete(stateKey);
        }
    }

    /**
     * The rows of the version of {@code key} valid at {@code t}: those with the latest time at or
     * below it, each as {@code count ++ row}. Empty when the key has none.
     */
    private List<Row> versionAt(Row key, long t) {
        List<Row> version = new ArrayList<>();
        if (!keys.matchable(key)) {
            return version;
        }
        int keyLength = key.arity();
        long versionTime = Long.MIN_VALUE;
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                t == Long.MAX_VALUE
                        ? versions.prefix(key)
                        : versions.range(key.append(Long.MIN_VALUE), key.append(t + 1))) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> entry = it.next();
                long time = (Long) entry.getKey().get(keyLength);
                if (time > t) {
                    break;
                }
                if (time != versionTime) {
                    version.clear();
                    versionTime = time;
                }
                Row row = entry.getKey().slice(keyLength + 1, entry.getKey().arity());
                version.add(Row.of(entry.getValue().get(0)).append(row.toArray()));
            }
        }
        return version;
    }

    /**
     * For each key with a version at or below the watermark that arrived since the last one,
     * removes the key's versions older than it: no left row still to come can take them.
     */
    private void removeSupersededVersions(long from, long current) {
        for (Map.Entry<Row, Row> entry : scanThrough(supersessions, from, current)) {
            Row index = entry.getKey();
            long time = (Long) index.get(0);
            Row key = index.slice(1, index.arity());
            List<Row> older = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Row>> it =
                    versions.range(key.append(Long.MIN_VALUE), key.append(time))) {
                while (it.hasNext()) {
                    older.add(it.next().getKey());
                }
            }
            for (Row stateKey : older) {
                versions.delete(stateKey);
            }
            supersessions.delete(index);
        }
    }

    /** The entries of a state keyed by time first whose time is in {@code [from, current]}. */
    private List<Map.Entry<Row, Row>> scanThrough(
            KeyValueState<Row, Row> state, long from, long current) {
        List<Map.Entry<Row, Row>> entries = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                current == Long.MAX_VALUE
                        ? state.all()
                        : state.range(Row.of(from), Row.of(current + 1))) {
            while (it.hasNext()) {
                entries.add(it.next());
            }
        }
        return entries;
    }

    private void emit(Row row, long times) {
        JoinRows.emit(context.output(), RowKind.INSERT, row, times);
    }
}
