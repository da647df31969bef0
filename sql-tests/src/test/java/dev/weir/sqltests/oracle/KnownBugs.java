package dev.weir.sqltests.oracle;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * THE list of known bugs the CI seed set steps around: each names the bug, where its shrunk
 * reproduction is (FINDINGS.md), and which (query, realization) pairs it spoils. The CI test skips
 * those pairs and counts them; big runs execute everything and tag each failure with the known bug
 * that explains it. Delete an entry when its fix lands: the CI seeds then cover the shape again.
 */
final class KnownBugs {
    /**
     * @param id the bug's name in FINDINGS.md
     * @param spoils the (query, realization) pairs it spoils, skipped in CI before they run
     * @param symptom what it looks like when it strikes where {@code spoils} could not foresee it
     *     (a constant that Calcite folds out of a random expression): in CI such a failure counts
     *     as this known bug instead of failing the test
     */
    record KnownBug(
            String id,
            String summary,
            BiPredicate<OracleQuery, Realization> spoils,
            java.util.function.Predicate<Outcome> symptom) {}

    private static java.util.function.Predicate<Outcome> internalSaying(String text) {
        return o -> o instanceof Outcome.Internal i && i.message().contains(text);
    }

    private static final java.util.function.Predicate<Outcome> NO_SYMPTOM = o -> false;

    static final List<KnownBug> ALL =
            List.of(
                    new KnownBug(
                            "emit-delay-keyless",
                            "EMIT ... AFTER DELAY on a result without a key: identical rows merge",
                            (q, r) -> r == Realization.DELAY && !keyed(q),
                            NO_SYMPTOM),
                    new KnownBug(
                            "constant-condition-codegen",
                            "A condition that Calcite folds to a constant makes generated code"
                                    + " that does not compile ('Statement is unreachable'):"
                                    + " INTERNAL_ERROR",
                            (q, r) -> false,
                            internalSaying("Statement is unreachable")),
                    new KnownBug(
                            "negative-zero-key",
                            "GROUP BY a DOUBLE: -0.0 and 0.0 are two groups",
                            (q, r) -> groupsByDouble(q.select()),
                            NO_SYMPTOM),
                    new KnownBug(
                            "current-time-internal-error",
                            "CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, CURRENT_TIME,"
                                    + " LOCALTIME: INTERNAL_ERROR",
                            (q, r) -> q.features().contains("current-time"),
                            internalSaying("dataContext")));

    private KnownBugs() {}

    /** A DOUBLE among the GROUP BY keys, here or in a subquery (0.0 * -211.0 is -0.0). */
    private static boolean groupsByDouble(Select s) {
        if (s.groupBy().stream().anyMatch(k -> k.type() == Expr.Type.DOUBLE)) {
            return true;
        }
        return s.from() instanceof From.Derived d && groupsByDouble(d.inner());
    }

    /** Whether the result has a key: a plain GROUP BY whose keys are all selected. */
    private static boolean keyed(OracleQuery q) {
        Select s = q.select();
        if (!s.aggregated() || s.groupBy().isEmpty() || s.grouping() != null) {
            return false;
        }
        for (Expr key : s.groupBy()) {
            if (s.items().stream().noneMatch(i -> i.expr().equals(key))) {
                return false;
            }
        }
        return true;
    }

    static Optional<KnownBug> spoiling(OracleQuery q, Realization r) {
        return ALL.stream().filter(b -> b.spoils().test(q, r)).findFirst();
    }

    /** The known bug a failure shows the symptom of, if any. */
    static Optional<KnownBug> showing(Outcome o) {
        return ALL.stream().filter(b -> b.symptom().test(o)).findFirst();
    }
}
