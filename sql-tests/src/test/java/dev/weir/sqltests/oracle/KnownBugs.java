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
                            "duplicate-grouping-sets",
                            "GROUPING SETS naming one set twice: an uncoded AssertionError from"
                                    + " Calcite's planner",
                            (q, r) -> duplicateSets(q.select()),
                            internalSaying("Cannot add expression of different type to set")),
                    new KnownBug(
                            "window-where-dropped",
                            "A WHERE between a window TVF and its GROUP BY is dropped",
                            (q, r) -> q.features().contains("window-where"),
                            NO_SYMPTOM),
                    new KnownBug(
                            "over-internal-error",
                            "OVER aggregates and ROW_NUMBER: an uncoded exception",
                            (q, r) -> q.features().contains("over"),
                            internalSaying("cannot translate expression")),
                    new KnownBug(
                            "window-size-zero",
                            "INTERVAL '0' SECOND as a window size: INTERNAL_ERROR",
                            (q, r) -> q.features().contains("window-size-zero"),
                            NO_SYMPTOM),
                    new KnownBug(
                            "cumulate-step",
                            "CUMULATE size not a multiple of its step: INTERNAL_ERROR",
                            (q, r) -> q.features().contains("cumulate-step"),
                            NO_SYMPTOM),
                    new KnownBug(
                            "descriptor-not-watermark",
                            "A window over a column that is not the watermark's is accepted",
                            (q, r) -> q.features().contains("descriptor-not-watermark"),
                            NO_SYMPTOM));

    private KnownBugs() {}

    /** GROUPING SETS ((k), (k), ()): what the generator writes for SETS over one key. */
    private static boolean duplicateSets(Select s) {
        if ("SETS".equals(s.grouping()) && s.groupBy().size() == 1) {
            return true;
        }
        if (s.from() instanceof From.Derived d) {
            return duplicateSets(d.inner());
        }
        return false;
    }

    static Optional<KnownBug> spoiling(OracleQuery q, Realization r) {
        return ALL.stream().filter(b -> b.spoils().test(q, r)).findFirst();
    }

    /** The known bug a failure shows the symptom of, if any. */
    static Optional<KnownBug> showing(Outcome o) {
        return ALL.stream().filter(b -> b.symptom().test(o)).findFirst();
    }
}
