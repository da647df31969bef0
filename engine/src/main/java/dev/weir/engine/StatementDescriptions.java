package dev.weir.engine;

import dev.weir.parser.WeirParser;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.prepare.StatementDescription;
import dev.weir.planner.prepare.StatementDescription.ColumnOrigin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Descriptions of statements (result columns, parameter types, column origins) by their exact text,
 * as a client's prepare and every result's metadata need them. Validation alone, and kept until the
 * catalog may change (the plan cache's generation), so a dashboard's repeated query costs a lookup.
 */
final class StatementDescriptions {
    private static final int CAPACITY = 1_000;

    /** A statement's description in the terms of results. */
    record Described(
            List<ResultColumn> columns,
            List<ResultColumn> parameters,
            List<ColumnDef> parameterTypes,
            List<Optional<ColumnOrigin>> origins) {}

    private record Entry(long generation, Described described) {}

    private final Catalog catalog;
    private final LongSupplier generation;
    private final Map<String, Entry> cache =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > CAPACITY;
                }
            };

    StatementDescriptions(Catalog catalog, LongSupplier generation) {
        this.catalog = catalog;
        this.generation = generation;
    }

    Described describe(String sql) {
        long now = generation.getAsLong();
        synchronized (cache) {
            Entry entry = cache.get(sql);
            if (entry != null && entry.generation() == now) {
                return entry.described();
            }
        }
        StatementDescription d = StatementDescription.of(WeirParser.parseStatement(sql), catalog);
        List<ResultColumn> columns = resultColumns(d.columns());
        List<Optional<ColumnOrigin>> origins = new ArrayList<>(d.origins());
        if (d.stream()) {
            columns.addAll(QueryHandler.STREAM_COLUMNS);
            QueryHandler.STREAM_COLUMNS.forEach(c -> origins.add(Optional.empty()));
        }
        Described described =
                new Described(columns, resultColumns(d.parameters()), d.parameters(), origins);
        synchronized (cache) {
            cache.put(sql, new Entry(now, described));
        }
        return described;
    }

    private static List<ResultColumn> resultColumns(List<ColumnDef> defs) {
        List<ResultColumn> columns = new ArrayList<>();
        defs.forEach(c -> columns.add(ResultColumn.of(c)));
        return columns;
    }
}
