package dev.weir.planner.physical;

import org.apache.calcite.rel.RelNode;

/**
 * Translates one family of Calcite's logical operators into the plan's nodes. Implementations are
 * stateless; everything a translation builds goes into the {@link TranslationContext}, everything
 * it tells its consumer goes into the returned {@link Translated}.
 *
 * @param <R> the operator class this translator reads
 */
interface RelTranslator<R extends RelNode> {
    /** The operators this translator may take; {@link #accepts} narrows it to a shape. */
    Class<R> relClass();

    /** Whether this translator takes {@code rel}: by default, every operator of its class. */
    default boolean accepts(R rel) {
        return true;
    }

    /**
     * Adds the nodes that compute {@code rel} to the context (its inputs through {@link
     * TranslationContext#translate}), and says what they produce.
     */
    Translated translate(R rel, TranslationContext context);
}
