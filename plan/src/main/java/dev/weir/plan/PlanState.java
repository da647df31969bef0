package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * What a plan's checkpoints depend on: its nodes with state or a source position, each with its
 * type, version and {@link ExecNode#stateLayout}, and how they feed one another; and the rows the
 * plan emits (a materialized view keeps them in its state too). Nodes without state are not in it:
 * a planner change that rewrites only them (different generated code, a projection more or less)
 * leaves a plan's state as it was, and its checkpoints are restored.
 *
 * <p>A checkpoint is restored into a plan only if its recorded {@code PlanState} matches the plan's
 * slot by slot ({@link #restoreProblem}). This relies on the query's SQL being the same
 * (checkpoints record it too) and on the planner feeding each stateful node the same rows for the
 * same SQL. A planner change that alters which rows or columns reach a stateful node in a way its
 * layout does not show (moving a filter below a join, reordering columns of equal types) must bump
 * that node type's version and minimum state version ({@link ExecNodeMetadata}).
 *
 * @param slots the nodes with a part in a checkpoint, in plan order ({@link StateSlot})
 * @param result the layout of the rows the plan emits: their types
 */
public record PlanState(List<StateSlot> slots, String result) {
    public PlanState {
        slots = List.copyOf(slots);
        requireNonNull(result, "result is null");
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).slot() != i) {
                throw new IllegalArgumentException(
                        "slot " + slots.get(i).slot() + " listed as the slot at " + i);
            }
        }
    }

    /** The state of {@code graph}. */
    public static PlanState of(JobGraph graph) {
        List<StateSlot> slots = new ArrayList<>();
        // Per node, the slots it reads or is: a node without state passes on its inputs' slots.
        Map<Integer, TreeSet<Integer>> below = new HashMap<>();
        for (ExecNode node : graph.nodes()) {
            List<List<FieldSpec>> inputFields =
                    node.inputs().stream().map(i -> graph.node(i).fields()).toList();
            List<List<Integer>> reads =
                    node.inputs().stream().map(i -> List.copyOf(below.get(i))).toList();
            String layout = node.stateLayout(inputFields);
            TreeSet<Integer> own = new TreeSet<>();
            if (layout.isEmpty()) {
                reads.forEach(own::addAll);
            } else {
                int slot = slots.size();
                slots.add(
                        new StateSlot(
                                slot,
                                node.id(),
                                node.metadata().name(),
                                node.version(),
                                layout,
                                reads));
                own.add(slot);
            }
            below.put(node.id(), own);
        }
        return new PlanState(slots, "rows=" + StateLayouts.types(graph.root().fields()));
    }

    /** The slot of the node with id {@code node}, or empty if it has no part in checkpoints. */
    public OptionalInt slotOf(int node) {
        return slots.stream().filter(s -> s.node() == node).mapToInt(StateSlot::slot).findFirst();
    }

    /**
     * Why state checkpointed by a plan whose state was {@code checkpointed} cannot be restored into
     * this plan, as a phrase for a log; empty when it can: the same node types in the same slots,
     * each version one this release restores, the same layouts, the same slots read, the same
     * result rows.
     */
    public Optional<String> restoreProblem(PlanState checkpointed) {
        if (checkpointed.slots.size() != slots.size()) {
            return Optional.of(
                    "the checkpoint holds the state of "
                            + names(checkpointed.slots)
                            + ", this plan has "
                            + names(slots));
        }
        for (int i = 0; i < slots.size(); i++) {
            Optional<String> problem = slotProblem(checkpointed.slots.get(i), slots.get(i));
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (!checkpointed.result.equals(result)) {
            return Optional.of(
                    "its result has " + checkpointed.result + " where this plan's has " + result);
        }
        return Optional.empty();
    }

    private static Optional<String> slotProblem(StateSlot stored, StateSlot current) {
        String slot = "slot " + current.slot() + " ('" + current.name() + "')";
        if (!stored.name().equals(current.name())) {
            return Optional.of(
                    "slot "
                            + current.slot()
                            + " holds a '"
                            + stored.name()
                            + "' in the checkpoint but a '"
                            + current.name()
                            + "' in this plan");
        }
        ExecNodeMetadata metadata = ExecNodeTypes.metadataNamed(current.name()).orElseThrow();
        if (stored.version() > metadata.version()) {
            return Optional.of(
                    slot
                            + " was written by version "
                            + stored.version()
                            + " of its node type, newer than this release's version "
                            + metadata.version());
        }
        if (stored.version() < metadata.minStateVersion()) {
            return Optional.of(
                    slot
                            + " was written by version "
                            + stored.version()
                            + " of its node type; this release restores versions "
                            + metadata.minStateVersion()
                            + " to "
                            + metadata.version());
        }
        if (!stored.layout().equals(current.layout())) {
            return Optional.of(
                    slot
                            + " has the layout '"
                            + stored.layout()
                            + "' in the checkpoint but '"
                            + current.layout()
                            + "' in this plan");
        }
        if (!stored.reads().equals(current.reads())) {
            return Optional.of(
                    slot
                            + " reads the slots "
                            + stored.reads()
                            + " in the checkpoint but "
                            + current.reads()
                            + " in this plan");
        }
        return Optional.empty();
    }

    private static List<String> names(List<StateSlot> slots) {
        return slots.stream().map(StateSlot::name).toList();
    }
}
