package dev.weir.sqltests.oracle;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.ResultColumn;
import dev.weir.engine.StatementResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs statements on Weir's engine and turns what they give into {@link Outcome}s. */
final class WeirRealizer {
    private static final long CATCH_UP_MILLIS = 30_000;

    /** How long an EMIT ... AFTER DELAY result must stay quiet before it counts as complete. */
    private static final long DELAY_QUIET_MILLIS = 100;

    private WeirRealizer() {}

    /** Runs a statement that must succeed (DDL, INSERT); a failure is the harness's. */
    static void execute(Engine engine, String sql) {
        engine.execute(sql);
    }

    /** The outcome of a statement that should have been refused or that failed. */
    static Outcome failure(Throwable e) {
        if (e instanceof WeirException w && w.code() != ErrorCode.INTERNAL_ERROR) {
            return new Outcome.Refused(
                    w.code().name(), w.code().sqlState(), w.position().isPresent(), w.rawMessage());
        }
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            b.append(" / caused by ").append(cause.getClass().getSimpleName()).append(": ");
            b.append(cause.getMessage());
            e = cause;
            cause = cause.getCause();
        }
        return new Outcome.Internal(b.toString());
    }

    /** Runs a query (any EMIT) and realizes its result. */
    static Outcome run(
            Engine engine, String sql, boolean ordered, boolean finalOnce, boolean delayed) {
        StatementResult result;
        try {
            result = engine.execute(sql);
        } catch (Throwable e) {
            return failure(e);
        }
        try {
            if (result instanceof StatementResult.Rows rows) {
                return table(rows.rows(), rows.columns(), ordered);
            }
            if (result instanceof StatementResult.Continuous c) {
                return stream(c.query(), finalOnce, delayed);
            }
            return new Outcome.Internal("a query gave an update count: " + result);
        } catch (Throwable e) {
            return failure(e);
        }
    }

    private static Outcome table(List<Object[]> rows, List<ResultColumn> columns, boolean ordered) {
        List<String> out = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (Object[] row : rows) {
            checkScales(row, columns, columns.size(), violations);
            out.add(Canonical.row(row, columns.size()));
        }
        return new Outcome.Answer(ordered ? out : Canonical.sorted(out), violations);
    }

    /**
     * Realizes a stream: waits until the query has read everything, then folds its changelog. A
     * retraction of a row that is not in the result is itself a failure.
     */
    private static Outcome stream(ContinuousQuery query, boolean finalOnce, boolean delayed)
            throws InterruptedException {
        try {
            if (!query.job().orElseThrow().awaitCaughtUp(CATCH_UP_MILLIS)) {
                query.next(0, TimeUnit.MILLISECONDS); // throws the job's failure, if it failed
                return new Outcome.Internal("the continuous query did not catch up in time");
            }
            List<ResultColumn> columns = query.columns();
            int width = columns.size() - 3; // undo, ptime, ver
            Map<String, Integer> folded = new HashMap<>();
            List<String> violations = new ArrayList<>();
            long quietSince = System.currentTimeMillis();
            while (true) {
                Optional<Object[]> next = query.next(delayed ? 10 : 0, TimeUnit.MILLISECONDS);
                if (next.isEmpty()) {
                    if (!delayed || System.currentTimeMillis() - quietSince > DELAY_QUIET_MILLIS) {
                        break;
                    }
                    continue;
                }
                quietSince = System.currentTimeMillis();
                Object[] row = next.get();
                checkScales(row, columns, width, violations);
                String key = Canonical.row(row, width);
                boolean undo = Boolean.TRUE.equals(row[width]);
                if (undo) {
                    if (finalOnce) {
                        violations.add("an undo under EMIT STREAM AFTER WATERMARK: " + key);
                    }
                    Integer n = folded.get(key);
                    if (n == null) {
                        violations.add("a retraction of a row that is not there: " + key);
                    } else if (n == 1) {
                        folded.remove(key);
                    } else {
                        folded.put(key, n - 1);
                    }
                } else {
                    folded.merge(key, 1, Integer::sum);
                }
            }
            if (query.isDone() && !query.isCancelled()) {
                // A failed job ends the query: its next() throws the failure.
                query.next(0, TimeUnit.MILLISECONDS);
            }
            List<String> rows = new ArrayList<>();
            folded.forEach(
                    (row, n) -> {
                        for (int i = 0; i < n; i++) {
                            rows.add(row);
                        }
                    });
            return new Outcome.Answer(Canonical.sorted(rows), violations);
        } finally {
            query.cancel();
        }
    }

    /**
     * A DECIMAL value must carry its column's declared scale (12.5 in a DECIMAL(10,2) is 12.50).
     */
    private static void checkScales(
            Object[] row, List<ResultColumn> columns, int width, List<String> violations) {
        for (int i = 0; i < width; i++) {
            if (row[i] instanceof BigDecimal d
                    && columns.get(i).scale() >= 0
                    && d.scale() != columns.get(i).scale()
                    && violations.size() < 3) {
                violations.add(
                        "column "
                                + columns.get(i).name()
                                + " is "
                                + columns.get(i).sqlType()
                                + " but holds "
                                + d.toPlainString());
            }
        }
    }

    /** Reads a materialized view as a table. */
    static Outcome readView(Engine engine, String view) {
        return run(engine, "SELECT * FROM " + view, false, false, false);
    }
}
