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
     */
    record KnownBug(String id, String summary, BiPredicate<OracleQuery, Realization> spoils) {}

    static final List<KnownBug> ALL =
            List.of(
                    new KnownBug(
                            "window-where-dropped",
                            "A WHERE between a window TVF and its GROUP BY is dropped",
                            (q, r) -> q.features().contains("window-where")),
                    new KnownBug(
                            "current-time-internal-error",
                            "CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, CURRENT_TIME,"
                                    + " LOCALTIME: INTERNAL_ERROR",
                            (q, r) -> q.features().contains("current-time")),
                    new KnownBug(
                            "over-internal-error",
                            "OVER aggregates and ROW_NUMBER: an uncoded exception",
                            (q, r) -> q.features().contains("over")),
                    new KnownBug(
                            "window-size-zero",
                            "INTERVAL '0' SECOND as a window size: INTERNAL_ERROR",
                            (q, r) -> q.features().contains("window-size-zero")),
                    new KnownBug(
                            "cumulate-step",
                            "CUMULATE size not a multiple of its step: INTERNAL_ERROR",
                            (q, r) -> q.features().contains("cumulate-step")),
                    new KnownBug(
                            "descriptor-not-watermark",
                            "A window over a column that is not the watermark's is accepted",
                            (q, r) -> q.features().contains("descriptor-not-watermark")));

    private KnownBugs() {}

    static Optional<KnownBug> spoiling(OracleQuery q, Realization r) {
        return ALL.stream().filter(b -> b.spoils().test(q, r)).findFirst();
    }
}
