package dev.weir.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.weir.plan.ExecNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;

/**
 * What the translators of one query share: the nodes built so far (inputs before their consumers,
 * as the {@link dev.weir.plan.JobGraph} wants them), Calcite's type factory and expression builder,
 * and the query's EMIT clause, which decides how window aggregates emit. One per query.
 */
final class TranslationContext {
    private final JavaTypeFactory typeFactory;
    private final RexBuilder rexBuilder;
    private final EmitSpec emit;
    private final List<ExecNode> nodes = new ArrayList<>();

    TranslationContext(JavaTypeFactory typeFactory, RexBuilder rexBuilder, EmitSpec emit) {
        this.typeFactory = requireNonNull(typeFactory, "typeFactory is null");
        this.rexBuilder = requireNonNull(rexBuilder, "rexBuilder is null");
        this.emit = requireNonNull(emit, "emit is null");
    }

    JavaTypeFactory typeFactory() {
        return typeFactory;
    }

    RexBuilder rexBuilder() {
        return rexBuilder;
    }

    EmitSpec emit() {
        return emit;
    }

    /** Translates {@code rel} (and its inputs) with the translator that takes it. */
    Translated translate(RelNode rel) {
        return RelTranslators.translate(rel, this);
    }

    /**
     * Adds a node; {@code node} makes it from the id it gets (the next one).
     *
     * @return the node's id
     */
    int add(IntFunction<ExecNode> node) {
        int id = nodes.size();
        nodes.add(node.apply(id));
        return id;
    }

    ExecNode node(int id) {
        return nodes.get(id);
    }

    /** The nodes built so far, in the order they were added. */
    List<ExecNode> nodes() {
        return List.copyOf(nodes);
    }
}
