package dev.weir.executor.compile;

import dev.weir.common.function.Calc;
import dev.weir.common.function.ProcessingTime;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.basic.CalcOperator;
import dev.weir.executor.operator.basic.UnionOperator;
import dev.weir.executor.operator.join.IntervalJoinOperator;
import dev.weir.executor.operator.join.JoinOperator;
import dev.weir.executor.operator.join.LookupJoinOperator;
import dev.weir.executor.operator.join.TemporalJoinOperator;
import dev.weir.executor.operator.join.WindowJoinOperator;
import dev.weir.executor.operator.over.OverAggregateOperator;
import dev.weir.executor.operator.rank.RankOperator;
import dev.weir.executor.operator.rank.WindowRankOperator;
import dev.weir.executor.operator.window.ProcTimeWatermarkOperator;
import dev.weir.executor.operator.window.SessionAssignOperator;
import dev.weir.executor.operator.window.WindowAssignOperator;
import dev.weir.executor.operator.window.WindowAssigners;
import dev.weir.executor.operator.window.WindowBufferOperator;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.JobBuilder;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.runtime.SourceFactory;
import dev.weir.executor.state.StateBackend;
import dev.weir.plan.ExecNode;
import dev.weir.plan.IntervalJoinNode;
import dev.weir.plan.JobGraph;
import dev.weir.plan.LookupJoinNode;
import dev.weir.plan.OverAggregate;
import dev.weir.plan.PlanState;
import dev.weir.plan.ProcTimeWatermark;
import dev.weir.plan.TemporalJoinNode;
import dev.weir.plan.WindowBuffer;
import dev.weir.plan.WindowJoinNode;
import dev.weir.plan.WindowRank;
import dev.weir.plan.WindowSpec;
import java.util.TimeZone;
import java.util.function.LongSupplier;

/** Turns a {@link JobGraph} into a runnable {@link Job}. */
public final class JobCompiler {
    private JobCompiler() {}

    /**
     * A job whose time functions read the time per record (a streaming query's processing time), in
     * the server's time zone.
     */
    public static Job compile(
            String jobId,
            JobGraph graph,
            SourceFactory sources,
            StateBackend state,
            ResultSink sink,
            LongSupplier clock) {
        return compile(
                jobId,
                graph,
                sources,
                state,
                sink,
                clock,
                ProcessingTime.perRecord(clock, TimeZone.getDefault()));
    }

    /**
     * A job whose time functions (CURRENT_TIMESTAMP and the like) read {@code time}: {@link
     * ProcessingTime#fixed} for a snapshot query, {@link ProcessingTime#perRecord} for a streaming
     * one. The job's operators run on one thread, so they share it.
     */
    public static Job compile(
            String jobId,
            JobGraph graph,
            SourceFactory sources,
            StateBackend state,
            ResultSink sink,
            LongSupplier clock,
            ProcessingTime time) {
        JobBuilder builder = new JobBuilder(jobId, state, clock);
        PlanState planState = PlanState.of(graph);
        for (ExecNode node : graph.nodes()) {
            if (node instanceof ExecNode.Values values) {
                builder.addSource(values.id(), "values", new ValuesSource(values.rows()), -1, 0);
            } else if (node instanceof ExecNode.Source source) {
                builder.addSource(
                        source.id(),
                        source.stream(),
                        sources.open(source),
                        source.timeField(),
                        source.watermarkDelay());
            } else if (node instanceof LookupJoinNode lookup) {
                // The table it reads is the server's, which only the source factory knows.
                builder.addOperator(
                        node.id(),
                        nameOf(node),
                        stateNameOf(jobId, node, planState),
                        new LookupJoinOperator(
                                lookup,
                                graph.node(lookup.input()).fields().size(),
                                sources.lookupTable(lookup.table()),
                                lookup.conditionCode().isEmpty()
                                        ? null
                                        : calc(lookup.conditionCode(), lookup.explain(), time)),
                        node.inputs());
            } else {
                builder.addOperator(
                        node.id(),
                        nameOf(node),
                        stateNameOf(jobId, node, planState),
                        operatorOf(node, graph, time),
                        node.inputs());
            }
        }
        return builder.build(graph.root().id(), sink);
    }

    private static String nameOf(ExecNode node) {
        return node.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * What an operator names its state by: its slot in the plan's state, not its node id, so that a
     * plan that differs only in nodes without state (whose ids shift) finds the state a checkpoint
     * of the other one holds. Unique in the job; the same for every plan whose checkpoints restore
     * into this one ({@link PlanState#restoreProblem}).
     */
    private static String stateNameOf(String jobId, ExecNode node, PlanState planState) {
        return planState.slotOf(node.id()).stream()
                .mapToObj(slot -> jobId + "-slot" + slot + "-" + node.metadata().name())
                .findFirst()
                .orElse(jobId + "-" + node.id() + "-" + nameOf(node));
    }

    private static Calc calc(String code, String expressions, ProcessingTime time) {
        Calc calc = new DataErrorReportingCalc(CalcCompiler.compile(code), expressions);
        calc.open(time);
        return calc;
    }

    private static Operator join(ExecNode.Join join, JobGraph graph, ProcessingTime time) {
        return new JoinOperator(
                join.kind(),
                join.leftKeys(),
                join.rightKeys(),
                join.nullSafe(),
                graph.node(join.left()).fields().size(),
                graph.node(join.right()).fields().size(),
                join.conditionCode().isEmpty()
                        ? null
                        : calc(join.conditionCode(), join.explain(), time),
                join.windowed(),
                join.allowedLateness());
    }

    /**
     * The operator of a plan node that is neither a source nor constant rows: for a runner that
     * places Weir's operators in its own runtime (the Flink runner).
     *
     * @param graph the plan holding the node (a join needs its inputs' widths)
     */
    public static Operator operator(ExecNode node, JobGraph graph) {
        // Processing time on such a runner: the wall clock, read once per record.
        return operatorOf(
                node,
                graph,
                ProcessingTime.perRecord(System::currentTimeMillis, TimeZone.getDefault()));
    }

    private static Operator operatorOf(ExecNode node, JobGraph graph, ProcessingTime time) {
        if (node instanceof ExecNode.Calc c) {
            return new CalcOperator(calc(c.code(), c.explain(), time), c.fields().size());
        }
        if (node instanceof ExecNode.Union) {
            return new UnionOperator();
        }
        if (node instanceof ExecNode.WindowAggregate w) {
            return AggregateOperators.window(w);
        }
        if (node instanceof ExecNode.GroupAggregate g) {
            return AggregateOperators.group(g, graph.node(g.input()).changelogMode());
        }
        if (node instanceof ExecNode.WindowAssign w) {
            if (w.window().kind() == WindowSpec.Kind.SESSION) {
                return new SessionAssignOperator(
                        w.window().sessionKeys(), w.timeField(), w.window().size());
            }
            return new WindowAssignOperator(w.timeField(), WindowAssigners.of(w.window()));
        }
        if (node instanceof ExecNode.EmitDelay d) {
            return AggregateOperators.emitDelay(d);
        }
        if (node instanceof ExecNode.Join j) {
            return join(j, graph, time);
        }
        if (node instanceof ExecNode.Rank r) {
            return new RankOperator(r);
        }
        if (node instanceof OverAggregate o) {
            return new OverAggregateOperator(o);
        }
        if (node instanceof WindowRank w) {
            return new WindowRankOperator(w);
        }
        if (node instanceof WindowBuffer b) {
            return new WindowBufferOperator(b);
        }
        if (node instanceof ProcTimeWatermark p) {
            return new ProcTimeWatermarkOperator(p.tickMillis(), time.zone(), time.advances());
        }
        if (node instanceof IntervalJoinNode j) {
            return new IntervalJoinOperator(
                    j,
                    graph.node(j.left()).fields().size(),
                    graph.node(j.right()).fields().size(),
                    j.conditionCode().isEmpty()
                            ? null
                            : calc(j.conditionCode(), j.explain(), time));
        }
        if (node instanceof TemporalJoinNode j) {
            return new TemporalJoinOperator(
                    j,
                    graph.node(j.left()).fields().size(),
                    graph.node(j.right()).fields().size(),
                    j.conditionCode().isEmpty()
                            ? null
                            : calc(j.conditionCode(), j.explain(), time));
        }
        if (node instanceof WindowJoinNode j) {
            return new WindowJoinOperator(
                    j,
                    graph.node(j.left()).fields().size(),
                    graph.node(j.right()).fields().size(),
                    j.conditionCode().isEmpty()
                            ? null
                            : calc(j.conditionCode(), j.explain(), time));
        }
        if (node instanceof LookupJoinNode) {
            // Reads a table of the server, which a runner that places operators on its own has not.
            throw new IllegalArgumentException("a lookup join needs the server's tables");
        }
        throw new IllegalArgumentException("not an operator: " + node.explain());
    }
}
