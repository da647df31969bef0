package dev.weir.planner;

import static java.util.Objects.requireNonNull;

import dev.weir.plan.JobGraph;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.physical.EmitSpec;
import java.util.List;

/**
 * A query ready to run: its job graph, how its results are realized, and its result columns
 * (without the {@code undo}, {@code ptime}, {@code ver} columns of a stream realization).
 */
public record PlannedQuery(JobGraph graph, EmitSpec emit, List<ColumnDef> columns) {
    public PlannedQuery {
        requireNonNull(graph, "graph is null");
        requireNonNull(emit, "emit is null");
        columns = List.copyOf(columns);
    }
}
