package dev.weir.executor.runtime;

import dev.weir.executor.operator.Operator;
import dev.weir.executor.state.StateBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** Wires sources and operators into a {@link Job}; used by the job compiler. */
public final class JobBuilder {
    private final String jobId;
    private final StateBackend state;
    private final LongSupplier clock;
    private final Map<Integer, SourceRunner> sources = new HashMap<>();
    private final Map<Integer, OperatorNode> operators = new HashMap<>();
    private final List<SourceRunner> sourceOrder = new ArrayList<>();
    private final List<OperatorNode> operatorOrder = new ArrayList<>();

    public JobBuilder(String jobId, StateBackend state, LongSupplier clock) {
        this.jobId = jobId;
        this.state = state;
        this.clock = clock;
    }

    public StateBackend state() {
        return state;
    }

    public void addSource(
            int nodeId, String name, SourceFunction source, int timeField, long delay) {
        SourceRunner runner = new SourceRunner(name, source, timeField, delay, clock);
        sources.put(nodeId, runner);
        sourceOrder.add(runner);
    }

    /**
     * Adds an operator reading the given nodes, in input order.
     *
     * @param name what the operator is, for its metrics' id ({@code <job>-<node id>-<name>})
     * @param stateName what it names its state by ({@link
     *     dev.weir.executor.operator.OperatorContext#operatorId}): unique in the job
     */
    public void addOperator(
            int nodeId, String name, String stateName, Operator operator, List<Integer> inputs) {
        OperatorNode node =
                new OperatorNode(
                        stateName,
                        jobId + "-" + nodeId + "-" + name,
                        operator,
                        inputs.size(),
                        state,
                        clock);
        for (int i = 0; i < inputs.size(); i++) {
            int input = inputs.get(i);
            if (sources.containsKey(input)) {
                sources.get(input).connectTo(node, i);
            } else {
                operators.get(input).connectTo(node, i);
            }
        }
        operators.put(nodeId, node);
        operatorOrder.add(node);
    }

    /** Finishes the job with {@code rootId}'s output going to {@code sink}. */
    public Job build(int rootId, ResultSink sink) {
        OperatorNode root = operators.get(rootId);
        if (root == null) {
            // A plan that is a bare source: pass its rows straight through.
            int forward = rootId + 1_000_000;
            addOperator(
                    forward,
                    "forward",
                    jobId + "-" + forward + "-forward",
                    new ForwardOperator(),
                    List.of(rootId));
            root = operators.get(forward);
        }
        root.connectTo(sink);
        return new Job(jobId, sourceOrder, operatorOrder, sink, state, clock);
    }
}
