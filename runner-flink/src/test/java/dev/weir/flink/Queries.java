package dev.weir.flink;

import dev.weir.common.row.Change;
import dev.weir.executor.compile.JobCompiler;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.SourceSchema;
import dev.weir.executor.operator.OperatorMetrics;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.runtime.SourceFactory;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.flink.source.FlinkSources;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JobGraph;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans queries over file streams with the planner, and runs a plan on the local executor and on
 * Flink, for the tests to compare.
 */
final class Queries {
    private final Catalog catalog = Catalog.inMemory();

    /** Declares a stream: {@code CREATE STREAM ... WITH (...)}. */
    Queries stream(String ddl) {
        catalog.add(new Planner(catalog).stream((SqlCreateStream) WeirParser.parseStatement(ddl)));
        return this;
    }

    /** Declares a view: {@code CREATE VIEW ...}. */
    Queries view(String ddl) {
        catalog.add(new Planner(catalog).view((SqlCreateView) WeirParser.parseStatement(ddl)));
        return this;
    }

    JobGraph plan(String sql) {
        return new Planner(catalog).planQuery(WeirParser.parseStatement(sql)).graph();
    }

    /** What the local executor ran: the changes and every operator's figures. */
    record LocalRun(List<Change> changes, List<OperatorMetrics> metrics) {
        /** Late rows dropped by node {@code nodeId}. */
        long lateRowsDropped(int nodeId) {
            return metrics.stream()
                    .filter(m -> m.operatorId().startsWith("local-" + nodeId + "-"))
                    .mapToLong(OperatorMetrics::lateRowsDropped)
                    .sum();
        }
    }

    static LocalRun runLocally(JobGraph graph) {
        List<Change> changes = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        ResultSink sink =
                new ResultSink() {
                    @Override
                    public void accept(Change change) {
                        changes.add(change);
                    }

                    @Override
                    public void finish() {}

                    @Override
                    public void fail(Throwable error) {
                        failure[0] = error;
                    }
                };
        Job job =
                JobCompiler.compile(
                        "local",
                        graph,
                        fileSources(),
                        new HeapStateBackend(),
                        sink,
                        System::currentTimeMillis);
        job.runToCompletion();
        if (failure[0] != null) {
            throw new AssertionError("the local run failed", failure[0]);
        }
        return new LocalRun(changes, job.metrics());
    }

    private static SourceFactory fileSources() {
        return new SourceFactory() {
            @Override
            public SourceFunction open(ExecNode.Source source) {
                List<SourceSchema.Column> columns = new ArrayList<>();
                for (FieldSpec f : source.fields()) {
                    columns.add(new SourceSchema.Column(f.name(), f.type(), f.nullable()));
                }
                return Connectors.builtIn()
                        .open(source.options(), new SourceSchema(columns, source.timeField()));
            }

            @Override
            public boolean isBounded(ExecNode.Source source) {
                return true;
            }
        };
    }

    /** What Flink ran: the changes, and the late rows each node dropped. */
    record FlinkRun(List<Change> changes, java.util.Map<Integer, Long> lateRows) {}

    static FlinkRun runOnFlink(
            FlinkRunner runner, JobGraph graph, FlinkSources sources, JobSettings settings)
            throws Exception {
        try (FlinkQuery query = runner.submit("test", graph, sources, settings)) {
            List<Change> changes = query.awaitAll(120_000);
            java.util.Map<Integer, Long> late = new java.util.TreeMap<>();
            for (ExecNode node : graph.nodes()) {
                late.put(node.id(), query.lateRowsDropped(node.id(), 60_000));
            }
            return new FlinkRun(changes, late);
        }
    }

    /** The late rows each node of {@code graph} dropped in a local run. */
    static java.util.Map<Integer, Long> lateRows(JobGraph graph, LocalRun run) {
        java.util.Map<Integer, Long> late = new java.util.TreeMap<>();
        for (ExecNode node : graph.nodes()) {
            late.put(node.id(), run.lateRowsDropped(node.id()));
        }
        return late;
    }
}
