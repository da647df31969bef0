package dev.weir.sqltests;

import dev.weir.common.error.WeirException;
import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a {@link SqlScript} against an engine and returns, per statement, what it actually gave, in
 * the script's own notation, so a test can diff expected against actual.
 */
final class SqlScriptRunner {
    private static final long CATCH_UP_MILLIS = 30_000;

    private SqlScriptRunner() {}

    /**
     * What one statement gave.
     *
     * @param ordered whether the order of the lines is part of the result (stream realizations,
     *     ORDER BY); otherwise the lines are sorted
     */
    record StepResult(List<String> lines, boolean ordered) {}

    /**
     * The actual output of every step, on an engine from {@code engines}; a {@code !restart} step
     * closes it and takes a new one (on the same data directory). The last engine is closed.
     */
    static List<StepResult> run(SqlScript script, Supplier<Engine> engines)
            throws InterruptedException {
        List<StepResult> actual = new ArrayList<>();
        Engine engine = engines.get();
        try {
            for (SqlScript.Step step : script.steps()) {
                if (step.isRestart()) {
                    engine.close();
                    engine = engines.get();
                    actual.add(new StepResult(List.of(), true));
                    continue;
                }
                // Materialized views are maintained in the background: read them caught up.
                if (!engine.awaitViewsCaughtUp(CATCH_UP_MILLIS)) {
                    throw new AssertionError("materialized views did not catch up");
                }
                actual.add(run(step, engine));
            }
        } finally {
            engine.close();
        }
        return actual;
    }

    private static StepResult run(SqlScript.Step step, Engine engine) throws InterruptedException {
        StatementResult result;
        try {
            result = engine.execute(step.sql());
        } catch (WeirException e) {
            String where = e.position().map(p -> " " + p.line() + ":" + p.column()).orElse("");
            List<String> lines = new ArrayList<>();
            String brief = "ERROR " + e.code() + where;
            // Scripts may check the message too ("ERROR CODE L:C: message").
            boolean wantsMessage =
                    step.expected().size() == 1 && step.expected().get(0).startsWith(brief + ":");
            lines.add(wantsMessage ? brief + ": " + e.rawMessage() : brief);
            return new StepResult(lines, true);
        }
        if (result instanceof StatementResult.Update) {
            return new StepResult(step.expected().isEmpty() ? List.of() : List.of("OK"), true);
        }
        if (result instanceof StatementResult.Rows rows) {
            List<String> lines = new ArrayList<>();
            for (Object[] row : rows.rows()) {
                // A script's expected lines end without blanks (an empty last column).
                lines.add(ValueFormatter.row(row, rows.columns()).stripTrailing());
            }
            // The ORDER BY inside OVER (...) or a WINDOW clause orders a ranking or a frame, not
            // the result.
            String upper =
                    step.sql()
                            .toUpperCase(Locale.ROOT)
                            .replaceAll("OVER\\s*\\([^)]*\\)", "")
                            .replaceAll("WINDOW\\s+\\w+\\s+AS\\s*\\([^)]*\\)", "");
            // A plan's lines and an ordered query's rows come in their order.
            boolean ordered =
                    upper.contains("ORDER BY") || upper.stripLeading().startsWith("EXPLAIN");
            if (!ordered) {
                lines.sort(String::compareTo);
            }
            return new StepResult(lines.isEmpty() ? List.of("(no rows)") : lines, ordered);
        }
        ContinuousQuery query = ((StatementResult.Continuous) result).query();
        try {
            query.job().orElseThrow().awaitCaughtUp(CATCH_UP_MILLIS);
            List<String> lines = new ArrayList<>();
            while (true) {
                Optional<Object[]> row = query.next(0, TimeUnit.MILLISECONDS);
                if (row.isEmpty()) {
                    break;
                }
                lines.add(ValueFormatter.row(row.get(), query.columns()));
            }
            return new StepResult(lines.isEmpty() ? List.of("(no rows)") : lines, true);
        } finally {
            query.cancel();
        }
    }
}
