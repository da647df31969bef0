package dev.weir.sqltests.oracle;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a failure small: the query loses select items, conjuncts, group keys and grouping sets, and
 * the input loses rows (delta debugging over all relations at once, each relation's order kept), as
 * long as the same realization still fails the same way.
 */
final class Shrinker {
    private static final int MAX_TRIALS = 250;
    private static final long MAX_MILLIS = 45_000;

    private final PrintStream out;
    private int trials;
    private long deadline;

    Shrinker(PrintStream out) {
        this.out = out;
    }

    Failure shrink(Failure f) {
        if (f.kind().equals("PARTITION")) {
            return f; // the partitions are checked in a round, not by a single run
        }
        deadline = System.currentTimeMillis() + MAX_MILLIS;
        Failure current = f;
        try {
            current = shrinkQuery(current);
            current = shrinkInput(current);
            current = shrinkQuery(current);
        } catch (Exception e) {
            out.println("(shrinking stopped: " + e + ")");
        }
        return current;
    }

    private boolean budgetLeft() {
        return trials < MAX_TRIALS && System.currentTimeMillis() < deadline;
    }

    private Failure shrinkQuery(Failure f) throws Exception {
        boolean progress = true;
        while (progress && budgetLeft()) {
            progress = false;
            for (OracleQuery candidate : f.oracleQuery().smaller()) {
                if (!budgetLeft()) {
                    break;
                }
                Failure again = reproduce(f, candidate, f.input());
                if (again != null) {
                    f = again;
                    progress = true;
                    break;
                }
            }
        }
        return f;
    }

    /** A row of one relation, by position: the unit the input shrinks by. */
    private record RowRef(String relation, Object[] row) {}

    private Failure shrinkInput(Failure f) throws Exception {
        List<RowRef> rows = new ArrayList<>();
        for (Relation r : f.input().relations()) {
            for (Object[] row : f.input().rowsOf(r.name())) {
                rows.add(new RowRef(r.name(), row));
            }
        }
        int chunks = 2;
        while (rows.size() >= 1 && budgetLeft()) {
            int size = Math.max(1, (rows.size() + chunks - 1) / chunks);
            boolean removed = false;
            for (int start = 0; start < rows.size() && budgetLeft(); start += size) {
                List<RowRef> fewer = new ArrayList<>(rows.subList(0, start));
                fewer.addAll(rows.subList(Math.min(rows.size(), start + size), rows.size()));
                Failure again = reproduce(f, f.oracleQuery(), toInput(f.input(), fewer));
                if (again != null) {
                    f = again;
                    rows = fewer;
                    removed = true;
                    chunks = Math.max(chunks - 1, 2);
                    break;
                }
            }
            if (!removed) {
                if (size == 1) {
                    break;
                }
                chunks = Math.min(rows.size(), chunks * 2);
            }
        }
        return f;
    }

    private static OracleInput toInput(OracleInput like, List<RowRef> rows) {
        Map<String, List<Object[]>> byRelation = new LinkedHashMap<>();
        for (Relation r : like.relations()) {
            byRelation.put(r.name(), new ArrayList<>());
        }
        for (RowRef ref : rows) {
            byRelation.get(ref.relation()).add(ref.row());
        }
        return like.withRows(byRelation);
    }

    /** The failure again with this query and input, or null if it no longer fails that way. */
    private Failure reproduce(Failure f, OracleQuery q, OracleInput input) throws Exception {
        trials++;
        Outcome o = QueryRun.run(input, q, f.realization());
        switch (f.kind()) {
            case "INTERNAL":
                return o instanceof Outcome.Internal ? f.with(q, input, List.of(), o) : null;
            case "NOT_REFUSED":
                return o instanceof Outcome.Answer ? f.with(q, input, List.of(), o) : null;
            case "VIOLATION":
                return o instanceof Outcome.Answer a && !a.violations().isEmpty()
                        ? f.with(q, input, List.of(), o)
                        : null;
            default:
                if (!(o instanceof Outcome.Answer a) || !a.violations().isEmpty()) {
                    return null;
                }
                List<String> expected;
                try (Reference reference = new Reference()) {
                    reference.load(input);
                    for (String view : q.duckSetup(input)) {
                        reference.execute(view);
                    }
                    expected = reference.rows(q.duckSql(input, f.realization()), q.ordered());
                } catch (java.sql.SQLException e) {
                    return null;
                }
                return expected.equals(a.rows()) ? null : f.with(q, input, expected, o);
        }
    }
}
