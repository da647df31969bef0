package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.operator.join.LookupTable;
import dev.weir.executor.runtime.SourceFactory;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.plan.ExecNode;
import java.util.Optional;

/**
 * Decides where each source of a job is read from: a system table's rows, an internal table, a
 * materialized view, an internal stream's log, or a connector; and, for each, how it is read for
 * what the job is for ({@link #snapshot}, {@link #continuous}, {@link #persistent}).
 */
final class SourceResolver {
    private final StreamStorage streams;
    private final Tables tables;
    private final MaterializedViews views;
    private final SystemTables systemTables;
    private final StreamConnectors connectors;

    SourceResolver(
            StreamStorage streams,
            Tables tables,
            MaterializedViews views,
            SystemTables systemTables,
            StreamConnectors connectors) {
        this.streams = streams;
        this.tables = tables;
        this.views = views;
        this.systemTables = systemTables;
        this.connectors = connectors;
    }

    /** What a job reads its sources for. */
    private enum Reading {
        /** A table realization: the rows as of now, then the end. */
        SNAPSHOT,
        /** A client's continuous query: the rows as of now (unless skipped), then every change. */
        CONTINUOUS,
        /**
         * A persistent query (a materialized view, INSERT ... SELECT): everything from the start,
         * from replayable sources, so that a checkpoint can resume it exactly.
         */
        PERSISTENT
    }

    /** The sources of a table realization: their rows as of now, then the end. */
    SourceFactory snapshot() {
        return sources(Reading.SNAPSHOT, true);
    }

    /**
     * The sources of a client's continuous query: the rows as of now, then every change.
     *
     * @param withRetained read an internal stream's retained events first (its snapshot), or only
     *     what is appended from now on ({@code WITH (SNAPSHOT = FALSE)})
     */
    SourceFactory continuous(boolean withRetained) {
        return sources(Reading.CONTINUOUS, withRetained);
    }

    /** The sources of a persistent query: everything from the start, replayable. */
    SourceFactory persistent() {
        return sources(Reading.PERSISTENT, true);
    }

    /** Whether a source ends by itself, so that a snapshot query over it has an answer now. */
    boolean isBounded(ExecNode.Source source) {
        if (source.options().containsKey(ExecNode.Source.SYSTEM_TABLE)) {
            return true; // a snapshot of the server, as of the query
        }
        // Internal streams and materialized views have a snapshot "as of now".
        return source.options().isEmpty() || connectors.isBounded(source);
    }

    /**
     * An internal table read by key as it is at each lookup (a lookup join's): whatever the job is
     * for, a lookup sees the table's current rows. A table dropped meanwhile fails the job with a
     * clear error (DROP refuses while a view reads it; a client's query is not guarded).
     */
    LookupTable lookupTable(String table) {
        return key -> {
            if (!tables.contains(table)) {
                throw new WeirException(
                        ErrorCode.TABLE_NOT_FOUND,
                        Optional.empty(),
                        "The table '" + table + "' a lookup join reads was dropped.");
            }
            return tables.lookup(table, key);
        };
    }

    private SourceFactory sources(Reading reading, boolean withRetained) {
        boolean boundedAtCurrentEnd = reading == Reading.SNAPSHOT;
        return new SourceFactory() {
            @Override
            public SourceFunction open(ExecNode.Source source) {
                String system = source.options().get(ExecNode.Source.SYSTEM_TABLE);
                if (system != null) {
                    return new RowListSource(systemTables.rows(system));
                }
                if (source.options().isEmpty() && tables.contains(source.stream())) {
                    return switch (reading) {
                        case SNAPSHOT -> tables.snapshot(source.stream());
                        case CONTINUOUS -> tables.subscribe(source.stream(), withRetained);
                        case PERSISTENT -> tables.changelog(source.stream());
                    };
                }
                Optional<MaterializedViews.RunningView> view = views.find(source.stream());
                if (view.isPresent() && source.options().isEmpty()) {
                    view.get().checkHealthy();
                    if (boundedAtCurrentEnd) {
                        return view.get().store.snapshot();
                    }
                    return view.get().store.subscribe(withRetained);
                }
                if (source.options().isEmpty()) {
                    return withRetained
                            ? streams.reader(source.stream(), boundedAtCurrentEnd)
                            : streams.newEventsReader(source.stream());
                }
                return connectors.open(source);
            }

            @Override
            public boolean isBounded(ExecNode.Source source) {
                return SourceResolver.this.isBounded(source);
            }

            @Override
            public LookupTable lookupTable(String table) {
                return SourceResolver.this.lookupTable(table);
            }
        };
    }
}
