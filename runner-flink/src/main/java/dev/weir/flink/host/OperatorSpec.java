package dev.weir.flink.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.CollectionType;
import dev.weir.executor.compile.JobCompiler;
import dev.weir.executor.operator.Operator;
import dev.weir.plan.ExecNode;
import dev.weir.plan.JobGraph;
import java.io.Serializable;
import java.util.List;

/**
 * Which Weir operator a Flink operator hosts, in a form Flink can ship to its task managers: the
 * plan's nodes in their JSON form and the node's id. The operator itself (with its generated code
 * compiled) is built where it runs, by {@link JobCompiler#operator}, exactly as the local runner
 * builds it.
 */
public final class OperatorSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CollectionType NODES =
            JSON.getTypeFactory().constructCollectionType(List.class, ExecNode.class);

    private final String nodesJson;
    private final int nodeId;
    private final String name;

    private OperatorSpec(String nodesJson, int nodeId, String name) {
        this.nodesJson = nodesJson;
        this.nodeId = nodeId;
        this.name = name;
    }

    public static OperatorSpec of(JobGraph graph, ExecNode node) {
        try {
            return new OperatorSpec(
                    JSON.writerFor(NODES).writeValueAsString(graph.nodes()),
                    node.id(),
                    nameOf(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the plan as JSON", e);
        }
    }

    /** How the node is named in Flink's job graph and in Weir's state names: {@code n3-calc}. */
    public static String nameOf(ExecNode node) {
        return "n"
                + node.id()
                + "-"
                + node.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    public int nodeId() {
        return nodeId;
    }

    public String name() {
        return name;
    }

    /** Builds the operator, on the task manager. */
    Operator build() {
        List<ExecNode> nodes;
        try {
            nodes = JSON.readValue(nodesJson, NODES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read the plan's JSON", e);
        }
        JobGraph graph = new JobGraph(nodes, List.of(), 0, List.of(), List.of(), 0, -1, null, null);
        return JobCompiler.operator(graph.node(nodeId), graph);
    }
}
