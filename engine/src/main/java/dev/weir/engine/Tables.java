package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.executor.state.SnapshotStore;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.TableDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Internal tables: keyed (or, without a primary key, multiset) relations changed by INSERT, UPSERT,
 * UPDATE and DELETE. Each table's changes are kept durably in a log of their own ({@link
 * TableChangelog}); its current rows are kept in a {@link RowStore} (on disk with a data
 * directory), rebuilt from the log on start, for snapshots, key checks and subscribers.
 *
 * <p>A statement's changes are computed against the current rows, checked (primary key, NOT NULL),
 * appended to the log in one append (whole or not at all) and only then applied: a statement either
 * changes the table completely or not at all, and nothing is applied that is not durable.
 * Statements on one table run one at a time.
 */
final class Tables implements AutoCloseable {
    private final Catalog catalog;
    private final StreamStorage logs;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Function<String, SnapshotStore> rowStores;

    /** A table's current rows, and the lock its statements take. */
    private static final class Table {
        final TableDef definition;
        final int[] key;
        final RowStore rows;

        Table(TableDef definition, SnapshotStore storage) {
            this.definition = definition;
            this.key = keyFields(definition);
            this.rows =
                    new RowStore(
                            "the table '" + definition.name() + "'",
                            key,
                            storage,
                            RowStore.DEFAULT_LOOKUP_CACHE);
        }
    }

    /**
     * @param rowStores where a table's current rows go, by table name (on disk with a data
     *     directory); each is filled from the table's log on start
     */
    Tables(Catalog catalog, StreamStorage logs, Function<String, SnapshotStore> rowStores) {
        this.catalog = catalog;
        this.logs = logs;
        this.rowStores = rowStores;
    }

    private Table open(TableDef definition) {
        return new Table(definition, rowStores.apply(lower(definition.name())));
    }

    /** Rebuilds every table of the catalog from its log. */
    void recoverAll() {
        for (CatalogObject object : catalog.all()) {
            if (object instanceof TableDef definition) {
                Table table = open(definition);
                long next = 0;
                long end = logs.end(definition.name());
                while (next < end) {
                    List<Row> records = logs.read(definition.name(), next, 4096);
                    if (records.isEmpty()) {
                        break;
                    }
                    List<Change> changes = new ArrayList<>(records.size());
                    for (Row record : records) {
                        changes.add(TableChangelog.change(record));
                    }
                    table.rows.apply(changes);
                    next += records.size();
                }
                tables.put(lower(definition.name()), table);
            }
        }
    }

    /** Starts an empty table (its definition is in the catalog). */
    void create(TableDef definition) {
        logs.drop(definition.name()); // nothing may be left of an earlier table of that name
        tables.put(lower(definition.name()), open(definition));
    }

    /** Drops a table's rows and log; its subscribers end. */
    void drop(String name) {
        Table table = tables.remove(lower(name));
        if (table != null) {
            table.rows.close();
        }
        logs.drop(name);
    }

    boolean contains(String name) {
        return tables.containsKey(lower(name));
    }

    /**
     * INSERT (or, with {@code upsert}, UPSERT) rows. A plain INSERT of a key that exists, or of one
     * key twice, fails; an UPSERT replaces the row with that key.
     *
     * @return how many rows were inserted or replaced
     */
    int insert(String name, List<Row> rows, boolean upsert) {
        Table table = table(name);
        synchronized (table) {
            if (upsert && table.key.length == 0) {
                throw new WeirException(
                        ErrorCode.NOT_SUPPORTED,
                        Optional.empty(),
                        "UPSERT replaces rows by primary key, but table '"
                                + table.definition.name()
                                + "' has none; use INSERT.");
            }
            List<Change> changes = new ArrayList<>();
            if (table.key.length == 0) {
                for (Row row : rows) {
                    changes.add(Change.insert(row));
                }
            } else {
                Map<Row, Row> written = new LinkedHashMap<>();
                for (Row row : rows) {
                    Row key = row.project(table.key);
                    Optional<Row> existing =
                            written.containsKey(key)
                                    ? Optional.of(written.get(key))
                                    : table.rows.lookup(key);
                    if (existing.isPresent() && !upsert) {
                        throw duplicateKey(table, key);
                    }
                    written.put(key, row);
                }
                for (Map.Entry<Row, Row> entry : written.entrySet()) {
                    Optional<Row> old = table.rows.lookup(entry.getKey());
                    if (old.isEmpty()) {
                        changes.add(Change.insert(entry.getValue()));
                    } else if (!old.get().equals(entry.getValue())) {
                        changes.add(Change.updateBefore(old.get()));
                        changes.add(Change.updateAfter(entry.getValue()));
                    }
                }
            }
            commit(table, changes);
            return rows.size();
        }
    }

    /**
     * Deletes rows found by a query over the table's rows (which the caller ran under no lock):
     * each is deleted if it is still there.
     *
     * @return how many rows were deleted
     */
    int delete(String name, List<Row> found) {
        Table table = table(name);
        synchronized (table) {
            List<Change> changes = new ArrayList<>();
            Map<Row, Long> taken = new HashMap<>();
            for (Row row : found) {
                if (take(table, taken, row)) {
                    changes.add(Change.delete(row));
                }
            }
            commit(table, changes);
            return changes.size();
        }
    }

    /**
     * Replaces rows: each pair is a row as found and its new values. Constraints are checked on the
     * table as the whole statement leaves it, so {@code SET id = id + 1} over consecutive keys
     * works.
     *
     * @return how many rows were updated
     */
    int update(String name, List<Row[]> pairs) {
        Table table = table(name);
        synchronized (table) {
            Map<Row, Long> taken = new HashMap<>();
            List<Row[]> applied = new ArrayList<>();
            for (Row[] pair : pairs) {
                if (take(table, taken, pair[0])) {
                    checkNotNull(table, pair[1]);
                    applied.add(pair);
                }
            }
            if (table.key.length > 0) {
                // A new key collides with another new row's, or with a row this statement leaves.
                Set<Row> keys = new HashSet<>();
                for (Row[] pair : applied) {
                    Row key = pair[1].project(table.key);
                    Optional<Row> staying =
                            table.rows.lookup(key).filter(r -> !taken.containsKey(r));
                    if (!keys.add(key) || staying.isPresent()) {
                        throw duplicateKey(table, key);
                    }
                }
            }
            List<Change> changes = new ArrayList<>();
            for (Row[] pair : applied) {
                changes.add(Change.updateBefore(pair[0]));
            }
            for (Row[] pair : applied) {
                changes.add(Change.updateAfter(pair[1]));
            }
            commit(table, changes);
            return applied.size();
        }
    }

    /** The current rows, for a table realization. */
    SourceFunction snapshot(String name) {
        return table(name).rows.snapshot();
    }

    /** The current rows (when {@code withSnapshot}), then every change: for EMIT STREAM. */
    SourceFunction subscribe(String name, boolean withSnapshot) {
        return table(name).rows.subscribe(withSnapshot);
    }

    /**
     * Every change from the table's creation on, replayable from a checkpointed position: for
     * persistent queries, which must resume exactly where they were.
     */
    SourceFunction changelog(String name) {
        return TableChangelog.over(logs.reader(name, false));
    }

    /** The row with primary key {@code key}, if any. */
    Optional<Row> lookup(String name, Row key) {
        return table(name).rows.lookup(key);
    }

    private void commit(Table table, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Row> records = new ArrayList<>(changes.size());
        for (Change change : changes) {
            records.add(TableChangelog.record(change));
        }
        logs.append(table.definition.name(), records);
        table.rows.apply(changes);
    }

    /**
     * Takes one more copy of {@code row} for this statement: false if every copy the table holds is
     * taken already (changed by another statement since it was found).
     */
    private static boolean take(Table table, Map<Row, Long> taken, Row row) {
        long already = taken.getOrDefault(row, 0L);
        if (already >= table.rows.count(row)) {
            return false;
        }
        taken.put(row, already + 1);
        return true;
    }

    private static void checkNotNull(Table table, Row row) {
        List<ColumnDef> columns = table.definition.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (row.get(i) == null && !columns.get(i).nullable()) {
                throw new WeirException(
                        ErrorCode.NULL_NOT_ALLOWED,
                        Optional.empty(),
                        "Column '"
                                + columns.get(i).name()
                                + "' is NOT NULL, but the value is NULL.");
            }
        }
    }

    private static WeirException duplicateKey(Table table, Row key) {
        List<String> names = new ArrayList<>();
        for (int k : table.key) {
            names.add(table.definition.columns().get(k).name());
        }
        return new WeirException(
                ErrorCode.DUPLICATE_KEY,
                Optional.empty(),
                "Table '"
                        + table.definition.name()
                        + "' already has a row with the key ("
                        + String.join(", ", names)
                        + ") = "
                        + key.toString().replace('[', '(').replace(']', ')')
                        + "; use UPSERT INTO to replace it.");
    }

    private Table table(String name) {
        Table table = tables.get(lower(name));
        if (table == null) {
            throw new IllegalStateException("no table " + name);
        }
        return table;
    }

    private static int[] keyFields(TableDef definition) {
        int[] key = new int[definition.primaryKey().size()];
        for (int i = 0; i < key.length; i++) {
            String column = definition.primaryKey().get(i);
            for (int c = 0; c < definition.columns().size(); c++) {
                if (definition.columns().get(c).name().equals(column)) {
                    key[i] = c;
                }
            }
        }
        return key;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        for (Table table : tables.values()) {
            table.rows.close();
        }
        logs.close();
    }
}
