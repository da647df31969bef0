package dev.weir.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.plan.PlanState;
import java.util.Optional;

/**
 * Whether a checkpoint's state can be restored into a query as it plans now. A checkpoint records
 * the state of the plan that wrote it ({@link PlanState}: per node with state, its type, version
 * and state layout) in readable JSON, not a fingerprint: a log says which operator's state differs
 * and how, and a person can read it in the manifest. A planner change that leaves every operator's
 * state alone keeps the checkpoints; any difference in it makes the query rebuild from its sources,
 * as a checkpoint of another definition does.
 */
final class PlanCompatibility {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanCompatibility() {}

    /** The manifest's record of a plan's state. */
    static JsonNode toJson(PlanState state) {
        return JSON.valueToTree(state);
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException if {@code json} is not such a record
     */
    static PlanState fromJson(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("no plan state");
        }
        try {
            return JSON.treeToValue(json, PlanState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Why a checkpoint whose manifest recorded {@code recorded} cannot be restored into a query
     * whose plan's state is {@code current}, as a sentence for the log; empty if it can.
     *
     * @param recorded empty for a manifest of format 1, which recorded a fingerprint of the whole
     *     plan: it cannot be matched with a plan's state, so it is never restored (the query
     *     rebuilds once after the upgrade that introduced the per-node record)
     */
    static Optional<String> problem(Optional<PlanState> recorded, PlanState current) {
        if (recorded.isEmpty()) {
            return Optional.of(
                    "it was written by an earlier release, which recorded a fingerprint of the"
                            + " whole plan instead of the state of each operator, so its state"
                            + " cannot be matched with this plan's operators.");
        }
        return current.restoreProblem(recorded.get())
                .map(
                        why ->
                                "its state belongs to another plan of the query ("
                                        + why
                                        + "), so it cannot be read as this one's.");
    }
}
