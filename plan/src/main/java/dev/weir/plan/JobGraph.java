package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A query compiled for the executor: operators in topological order (every input before its
 * consumers), the last one producing the result.
 *
 * @param visibleColumns how many leading fields are the result; the rest exist only to sort by
 * @param resultKey the fields that identify a result row (for {@code ver} and upserts); empty when
 *     every row is its own key
 * @param sortFields ORDER BY of a table realization: field index, negative (-index-1) for DESC
 * @param limit LIMIT of a table realization, or -1
 * @param lookup set when the query is a point lookup in a materialized view (see {@link
 *     PointLookup}); null otherwise
 * @param expiry set when each result key belongs to a window the watermark completes (see {@link
 *     ResultExpiry}); null otherwise
 */
public record JobGraph(
        List<ExecNode> nodes,
        List<String> columnNames,
        int visibleColumns,
        List<Integer> resultKey,
        List<Integer> sortFields,
        long offset,
        long limit,
        PointLookup lookup,
        ResultExpiry expiry) {
    public JobGraph {
        nodes = List.copyOf(nodes);
        columnNames = List.copyOf(columnNames);
        resultKey = List.copyOf(resultKey);
        sortFields = List.copyOf(sortFields);
        requireNonNull(nodes, "nodes is null");
    }

    /** Set when a key lookup in a materialized view answers the query as a snapshot. */
    public java.util.Optional<PointLookup> pointLookup() {
        return java.util.Optional.ofNullable(lookup);
    }

    /** Set when every result key belongs to a window, which the watermark ends. */
    public java.util.Optional<ResultExpiry> resultExpiry() {
        return java.util.Optional.ofNullable(expiry);
    }

    /** The node with id {@code id}. */
    public ExecNode node(int id) {
        for (ExecNode node : nodes) {
            if (node.id() == id) {
                return node;
            }
        }
        throw new IllegalArgumentException("no node has the id " + id);
    }

    public ExecNode root() {
        return nodes.get(nodes.size() - 1);
    }

    public ChangelogMode changelogMode() {
        return root().changelogMode();
    }

    /** Whether the result ends by itself: every source is bounded. */
    public boolean isBounded(java.util.function.Predicate<ExecNode.Source> bounded) {
        return nodes.stream()
                .filter(n -> n instanceof ExecNode.Source)
                .allMatch(n -> bounded.test((ExecNode.Source) n));
    }

    /** The plan as EXPLAIN prints it: one operator per line, inputs indented below. */
    public String explain() {
        StringBuilder b = new StringBuilder();
        if (lookup != null) {
            // As a snapshot, the query is one key lookup; as a stream, the plan below runs.
            b.append("PointLookup(view=[")
                    .append(lookup.view())
                    .append("], key=")
                    .append(lookup.key())
                    .append(", columns=")
                    .append(lookup.projection())
                    .append(")\n");
        }
        explain(root(), 0, b);
        return b.toString();
    }

    private void explain(ExecNode node, int depth, StringBuilder b) {
        b.append("  ".repeat(depth))
                .append(node.explain())
                .append(" changelog=[")
                .append(
                        node.changelogMode() == ChangelogMode.INSERT_ONLY
                                ? "insert-only"
                                : "retract")
                .append("]\n");
        for (int input : node.inputs()) {
            explain(
                    nodes.stream().filter(n -> n.id() == input).findFirst().orElseThrow(),
                    depth + 1,
                    b);
        }
    }
}
