package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One node of a plan that has a part in its checkpoints: an operator with state, or a source (its
 * position). Slots are numbered in plan order, counting only such nodes, so a planner change that
 * adds, removes or rewrites nodes without state leaves every slot's number alone; the executor
 * names an operator's state by its slot, not by its node id.
 *
 * @param slot this slot's number, from 0
 * @param node the id of the node in its plan (for people reading a checkpoint; not compared)
 * @param name the node's type ({@link ExecNodeMetadata#name})
 * @param version the node type's version that wrote (or writes) the state
 * @param layout the node's {@link ExecNode#stateLayout}
 * @param reads per input of the node, the slots it reads through nodes without state, ascending
 */
public record StateSlot(
        int slot, int node, String name, int version, String layout, List<List<Integer>> reads) {
    public StateSlot {
        requireNonNull(name, "name is null");
        requireNonNull(layout, "layout is null");
        reads = reads.stream().map(List::copyOf).toList();
    }
}
