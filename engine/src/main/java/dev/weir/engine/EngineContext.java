package dev.weir.engine;

import static java.util.Objects.requireNonNull;

import dev.weir.planner.catalog.Catalog;

/**
 * What the statement handlers share: the catalog and the parts of the database that hold its data
 * and run its queries. Built once by {@link Engine}, which alone starts, recovers and closes them.
 *
 * @param streams the logs of internal streams
 * @param tables the internal tables' rows and logs
 * @param views the materialized views being maintained
 * @param inserts the persistent INSERT ... SELECT queries
 * @param continuousQueries the clients' running EMIT STREAM queries
 * @param connectors the catalog's streams read (and written) through a connector
 * @param queryLimit how many queries may run at once ({@link #runningQueries})
 * @param memory the heap budget queries are admitted against
 */
record EngineContext(
        Catalog catalog,
        StreamStorage streams,
        Tables tables,
        MaterializedViews views,
        InsertQueries inserts,
        ContinuousQueryRegistry continuousQueries,
        StreamConnectors connectors,
        QueryLimit queryLimit,
        MemoryBudget memory) {
    EngineContext {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(streams, "streams is null");
        requireNonNull(tables, "tables is null");
        requireNonNull(views, "views is null");
        requireNonNull(inserts, "inserts is null");
        requireNonNull(continuousQueries, "continuousQueries is null");
        requireNonNull(connectors, "connectors is null");
        requireNonNull(queryLimit, "queryLimit is null");
        requireNonNull(memory, "memory is null");
    }

    /** The queries running now: clients' continuous queries, views' and INSERT ... SELECT's. */
    int runningQueries() {
        return continuousQueries.running().size()
                + views.running().size()
                + inserts.running().size();
    }
}
