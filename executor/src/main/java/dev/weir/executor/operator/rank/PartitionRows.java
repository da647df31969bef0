package dev.weir.executor.operator.rank;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows a ranking keeps, in state, per partition (a key prefix the operator chooses): each
 * distinct row with its multiplicity and arrival number, and the partition's next arrival number.
 * What the Top-N and the window Top-N operators keep; they differ in when they emit.
 */
final class PartitionRows {
    private final Ranking ranking;

    /** Per partition key plus row: the row's {@code (count, arrival)}. */
    private final KeyValueState<Row, Row> rows;

    /** Per partition key: its next arrival number. */
    private final KeyValueState<Row, Row> arrivals;

    PartitionRows(OperatorContext context, Ranking ranking) {
        this.ranking = ranking;
        String id = context.operatorId();
        rows = context.state().keyValueState(id + ".rows", RowCodec.INSTANCE, RowCodec.INSTANCE);
        arrivals =
                context.state()
                        .keyValueState(id + ".arrivals", RowCodec.INSTANCE, RowCodec.INSTANCE);
    }

    /** The partition's rows, in ranking order. */
    List<Ranking.Entry> load(Row partition) {
        List<Ranking.Entry> entries = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Row>> it = rows.prefix(partition)) {
            while (it.hasNext()) {
                Map.Entry<Row, Row> e = it.next();
                entries.add(entry(e.getKey().slice(partition.arity(), e.getKey().arity()), e));
            }
        }
        ranking.sort(entries);
        return entries;
    }

    /** The entry of {@code row}, from its state entry. */
    static Ranking.Entry entry(Row row, Map.Entry<Row, Row> stored) {
        return new Ranking.Entry(
                row, (Long) stored.getValue().get(0), (Long) stored.getValue().get(1));
    }

    /**
     * Applies {@code change} to the partition's state and to {@code entries} (left unsorted).
     *
     * @return false when it changes nothing (retracting a row that is not there)
     */
    boolean apply(Row partition, Change change, List<Ranking.Entry> entries) {
        Row row = change.row();
        Row key = partition.append(row.toArray());
        int at = indexOf(entries, row);
        if (change.kind().isAccumulate()) {
            if (at >= 0) {
                Ranking.Entry e = entries.get(at);
                entries.set(at, new Ranking.Entry(row, e.count() + 1, e.arrival()));
                rows.put(key, Row.of(e.count() + 1, e.arrival()));
                return true;
            }
            Row next = arrivals.get(partition);
            long arrival = next == null ? 0 : (Long) next.get(0);
            arrivals.put(partition, Row.of(arrival + 1));
            entries.add(new Ranking.Entry(row, 1, arrival));
            rows.put(key, Row.of(1L, arrival));
            return true;
        }
        if (at < 0) {
            return false;
        }
        Ranking.Entry e = entries.get(at);
        if (e.count() > 1) {
            entries.set(at, new Ranking.Entry(row, e.count() - 1, e.arrival()));
            rows.put(key, Row.of(e.count() - 1, e.arrival()));
        } else {
            entries.remove(at);
            rows.delete(key);
            if (entries.isEmpty()) {
                arrivals.delete(partition);
            }
        }
        return true;
    }

    private static int indexOf(List<Ranking.Entry> entries, Row row) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).row().equals(row)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Insert-only input: drops the rows (and copies) of {@code entries} that are not in {@code
     * top}: they fell out of it for good, since ranks only grow.
     */
    void keepOnly(Row partition, List<Ranking.Entry> entries, List<Ranking.Ranked> top) {
        Map<Row, Long> kept = new HashMap<>();
        for (Ranking.Ranked r : top) {
            kept.merge(r.row(), 1L, Long::sum);
        }
        for (Ranking.Entry e : entries) {
            long copies = kept.getOrDefault(e.row(), 0L);
            Row key = partition.append(e.row().toArray());
            if (copies == 0) {
                rows.delete(key);
            } else if (copies < e.count()) {
                rows.put(key, Row.of(copies, e.arrival()));
            }
        }
    }

    /** Forgets the partition: its rows and its arrival number. */
    void clear(Row partition, List<Ranking.Entry> entries) {
        for (Ranking.Entry e : entries) {
            rows.delete(partition.append(e.row().toArray()));
        }
        arrivals.delete(partition);
    }

    /**
     * The state entries whose keys lie in {@code [from, to)}, for an operator whose partitions
     * begin with a time: the rows of the partitions whose time is in that range, partition by
     * partition.
     */
    CloseableIterator<Map.Entry<Row, Row>> range(Row from, Row to) {
        return rows.range(from, to);
    }
}
