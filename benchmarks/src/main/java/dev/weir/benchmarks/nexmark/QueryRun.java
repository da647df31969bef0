package dev.weir.benchmarks.nexmark;

import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.ResultColumn;
import dev.weir.engine.StatementResult;
import dev.weir.executor.operator.OperatorMetrics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Nexmark query run as a client runs it: given to the engine, its stream realization drained to
 * the end, every change counted.
 *
 * @param changes the result changes, retractions included
 * @param wallSeconds from submitting the query (planning included) to its end
 * @param jobSeconds from its job's start to its end
 * @param malformed records its sources skipped as malformed
 * @param late rows its operators dropped as late
 * @param finalRows its final answer (each retraction taking a row back), if collected
 */
public record QueryRun(
        long changes,
        double wallSeconds,
        double jobSeconds,
        long malformed,
        long late,
        Optional<FinalRows> finalRows) {

    /**
     * Runs {@code query} on {@code engine}, whose streams it reads must exist; with {@code
     * collect}, keeps its final rows.
     */
    public static QueryRun run(Engine engine, NexmarkQuery query, boolean collect)
            throws InterruptedException {
        for (String statement : query.setup()) {
            engine.execute(statement);
        }
        long submitted = System.nanoTime();
        StatementResult result = engine.execute(query.sql());
        long started = System.nanoTime();
        ContinuousQuery running = ((StatementResult.Continuous) result).query();
        List<ResultColumn> columns = running.columns();
        // The stream realization adds undo, ptime and ver after the query's own columns.
        List<ResultColumn> visible = columns.subList(0, columns.size() - 3);
        Optional<FinalRows> finalRows =
                collect
                        ? Optional.of(
                                new FinalRows(visible.stream().map(ResultColumn::type).toList()))
                        : Optional.empty();
        long changes = 0;
        while (true) {
            Optional<Object[]> row = running.next(1, TimeUnit.SECONDS);
            if (row.isPresent()) {
                changes++;
                if (finalRows.isPresent()) {
                    finalRows.get().accept(row.get());
                }
            } else if (running.isDone()) {
                break;
            }
        }
        long ended = System.nanoTime();
        long malformed = 0;
        long late = 0;
        for (OperatorMetrics m : running.job().orElseThrow().metrics()) {
            malformed += m.malformedRecords();
            late += m.lateRowsDropped();
        }
        return new QueryRun(
                changes,
                (ended - submitted) / 1e9,
                (ended - started) / 1e9,
                malformed,
                late,
                finalRows);
    }
}
