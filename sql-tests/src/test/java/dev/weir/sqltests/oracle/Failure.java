package dev.weir.sqltests.oracle;

import java.util.List;
import java.util.Optional;

/**
 * A realization that did not give the reference's answer.
 *
 * @param kind MISMATCH (other rows), INTERNAL (INTERNAL_ERROR or an uncoded exception), VIOLATION
 *     (a retraction of a missing row, an undo under AFTER WATERMARK, a DECIMAL off its scale) or
 *     NOT_REFUSED (a statement outside the dialect answered)
 * @param expected the reference's canonical rows (empty when there is none)
 */
record Failure(
        String kind,
        long seed,
        int round,
        int query,
        OracleQuery oracleQuery,
        Realization realization,
        OracleInput input,
        List<String> expected,
        Outcome actual,
        Optional<KnownBugs.KnownBug> knownBug) {

    /** What makes two failures the same for de-duplication: kind, realization, shape, bug. */
    String signature() {
        String detail = "";
        if (actual instanceof Outcome.Internal i) {
            String m = i.message();
            detail = m.substring(0, Math.min(60, m.length())).replaceAll("[0-9]+", "#");
        } else if (actual instanceof Outcome.Answer a && !a.violations().isEmpty()) {
            String v = a.violations().get(0);
            detail = v.substring(0, Math.min(25, v.length()));
        }
        return kind
                + "/"
                + realization
                + "/"
                + oracleQuery.shape()
                + "/"
                + knownBug.map(KnownBugs.KnownBug::id).orElse("?")
                + "/"
                + detail;
    }

    /** Coarser than the signature: one shrunk repro per known bug, or per kind and shape. */
    String shrinkKey() {
        return knownBug.map(b -> "bug " + b.id())
                .orElse(kind + "/" + oracleQuery().shape() + "/" + realizationGroup());
    }

    private String realizationGroup() {
        return switch (realization) {
            case VIEW, VIEW_RESTART, DELAY, FINAL -> realization.name();
            default -> "ANY";
        };
    }

    Failure withKnownBug(KnownBugs.KnownBug bug) {
        return new Failure(
                kind,
                seed,
                round,
                query,
                oracleQuery,
                realization,
                input,
                expected,
                actual,
                Optional.of(bug));
    }

    Failure with(OracleQuery q, OracleInput in, List<String> exp, Outcome out) {
        return new Failure(kind, seed, round, query, q, realization, in, exp, out, knownBug);
    }
}
