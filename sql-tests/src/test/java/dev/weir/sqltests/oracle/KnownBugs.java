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

    /** Empty: every bug the oracle has found so far is fixed (FINDINGS.md says where). */
    static final List<KnownBug> ALL = List.of();

    private KnownBugs() {}

    static Optional<KnownBug> spoiling(OracleQuery q, Realization r) {
        return ALL.stream().filter(b -> b.spoils().test(q, r)).findFirst();
    }

    /** The known bug a failure shows the symptom of, if any. */
    static Optional<KnownBug> showing(Outcome o) {
        return ALL.stream().filter(b -> b.symptom().test(o)).findFirst();
    }
}
