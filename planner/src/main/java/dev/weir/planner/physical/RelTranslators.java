package dev.weir.planner.physical;

import dev.weir.planner.validate.UnsupportedQueries;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;

/**
 * Picks the translator of each logical operator: the first of an ordered list whose class the
 * operator is an instance of and that {@linkplain RelTranslator#accepts accepts} its shape.
 *
 * <p>Most translators take a class of their own (a scan, a join). Where two take the same class,
 * the one for the narrower shape goes first: a window aggregate is an Aggregate (and the Calc above
 * it, which it fuses into its output) over a windowing function, so it precedes the plain calc and
 * group aggregate. A new kind of node (Top-N, OVER, an interval join) is a new translator in this
 * list, placed before any broader one of its class.
 */
final class RelTranslators {
    private static final List<RelTranslator<?>> TRANSLATORS =
            List.of(
                    new SourceTranslator(),
                    new ValuesTranslator(),
                    new WindowAggregateTranslator(),
                    new TopNTranslator(),
                    new OverAggregateTranslator(),
                    new CalcTranslator(),
                    new GroupAggregateTranslator(),
                    new LookupJoinTranslator(),
                    new TemporalJoinTranslator(),
                    new IntervalJoinTranslator(),
                    new JoinTranslator(),
                    new UnionTranslator(),
                    new WindowAssignTranslator());

    private RelTranslators() {}

    static Translated translate(RelNode rel, TranslationContext context) {
        for (RelTranslator<?> translator : TRANSLATORS) {
            Optional<Translated> translated = tryTranslate(translator, rel, context);
            if (translated.isPresent()) {
                return translated.get();
            }
        }
        throw UnsupportedQueries.queryShape(
                rel.getRelTypeName().replace("Logical", ""), Optional.empty());
    }

    private static <R extends RelNode> Optional<Translated> tryTranslate(
            RelTranslator<R> translator, RelNode rel, TranslationContext context) {
        if (!translator.relClass().isInstance(rel)) {
            return Optional.empty();
        }
        R typed = translator.relClass().cast(rel);
        return translator.accepts(typed)
                ? Optional.of(translator.translate(typed, context))
                : Optional.empty();
    }
}
