package dev.weir.flink;

import dev.weir.common.error.Errors;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.flink.host.KeyedOneInputHost;
import dev.weir.flink.host.KeyedTwoInputHost;
import dev.weir.flink.host.OperatorSpec;
import dev.weir.flink.host.StatelessHost;
import dev.weir.flink.source.FlinkSources;
import dev.weir.flink.source.WeirWatermarks;
import dev.weir.flink.types.ChangeTypeInfo;
import dev.weir.flink.types.EncodedKeys;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.IntervalJoinNode;
import dev.weir.plan.JobGraph;
import dev.weir.plan.LookupJoinNode;
import dev.weir.plan.OverAggregate;
import dev.weir.plan.ProcTimeWatermark;
import dev.weir.plan.TemporalJoinNode;
import dev.weir.plan.WindowBuffer;
import dev.weir.plan.WindowJoinNode;
import dev.weir.plan.WindowRank;
import dev.weir.plan.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns a plan into a Flink DataStream program of Weir's own operators. Node by node:
 *
 * <ul>
 *   <li>Source: a Flink source ({@link FlinkSources}) with Weir's watermark rule; Values: Flink's
 *       collection source, one instance.
 *   <li>Calc and aligned window assignment (stateless): a {@link StatelessHost} on the input's own
 *       instances, chained, so the order of each input instance's changes is kept.
 *   <li>Window aggregate, group aggregate, session assignment: a {@link KeyedOneInputHost} on the
 *       input keyed by the group or session keys; without keys (a global aggregate, a session of
 *       the whole stream) or with GROUPING SETS (one change updates groups of several keys) keyed
 *       by a constant on one instance.
 *   <li>Rank (Top-N): a {@link KeyedOneInputHost} keyed by the partition keys; without them keyed
 *       by a constant on one instance.
 *   <li>OverAggregate: a {@link KeyedOneInputHost} keyed by the partition keys; without them keyed
 *       by a constant on one instance.
 *   <li>WindowRank (window Top-N): a {@link KeyedOneInputHost} keyed by the partition keys, which
 *       hold the window's bounds; each key fires its windows on its event-time timers.
 *   <li>WindowBuffer (AFTER WATERMARK over a windowing function's rows): a {@link
 *       KeyedOneInputHost} keyed by a constant on one instance.
 *   <li>Join, window join, interval join, temporal join: a {@link KeyedTwoInputHost} on both inputs
 *       keyed by their join keys (a window join's start with window_end, a temporal join's are its
 *       version key); an interval join without key equalities keyed by a constant on one instance.
 *       The host passes each input's own watermark on, by which these joins decide lateness.
 *   <li>Union: Flink's union of the inputs.
 *   <li>EMIT AFTER DELAY is refused: its processing-time realization scans every key.
 * </ul>
 */
final class PlanTranslator {
    private final StreamExecutionEnvironment env;
    private final JobGraph graph;
    private final FlinkSources sources;
    private final Map<Integer, DataStream<Change>> streams = new HashMap<>();

    private PlanTranslator(StreamExecutionEnvironment env, JobGraph graph, FlinkSources sources) {
        this.env = env;
        this.graph = graph;
        this.sources = sources;
    }

    /** Checks that every node can run on Flink, without building anything. */
    static void check(JobGraph graph) {
        if (graph.pointLookup().isPresent()) {
            throw refused("A point lookup in a materialized view is answered by the Weir server.");
        }
        for (ExecNode node : graph.nodes()) {
            if (node instanceof ExecNode.EmitDelay) {
                throw refused(
                        "EMIT ... AFTER DELAY does not run on Flink yet: its processing-time"
                                + " realization scans every key's pending changes.");
            }
            if (node instanceof LookupJoinNode lookup) {
                throw refused(
                        "A lookup join (FOR SYSTEM_TIME AS OF a processing-time attribute) does not"
                                + " run on Flink: it reads the table '"
                                + lookup.table()
                                + "' as the Weir server holds it, which a Flink job cannot"
                                + " reach.");
            }
            if (node instanceof ProcTimeWatermark clock
                    && !readsItsSourceInOneChain(graph, clock)) {
                throw refused(
                        "A processing-time window runs on Flink only over one stream read"
                                + " directly (through filters and projections): its rows are"
                                + " stamped with the processing time in the same task whose clock"
                                + " closes the windows, so none can arrive after its window"
                                + " closed.");
            }
            if (node instanceof ExecNode.Source source
                    && source.changelogMode() != ChangelogMode.INSERT_ONLY) {
                throw refused(
                        "'"
                                + source.stream()
                                + "' is a materialized view, kept by the Weir server: the Flink"
                                + " runner reads streams declared with a 'file' or 'kafka'"
                                + " connector.");
            }
        }
    }

    /**
     * Whether only calcs stand between the processing clock's watermark and its one source: then
     * they and the calc that reads PROCTIME() run chained in the clock's task (the same
     * parallelism, forward), and a row's processing time is never older than a watermark that task
     * emitted before the row. Across a shuffle or a union a row could be stamped, then wait in a
     * channel while the clock moves past it.
     */
    private static boolean readsItsSourceInOneChain(JobGraph graph, ProcTimeWatermark clock) {
        ExecNode node = graph.node(clock.input());
        while (node instanceof ExecNode.Calc calc) {
            node = graph.node(calc.input());
        }
        return node instanceof ExecNode.Source;
    }

    /** The plan's result as a stream of changes. */
    static DataStream<Change> translate(
            StreamExecutionEnvironment env, JobGraph graph, FlinkSources sources) {
        check(graph);
        PlanTranslator translator = new PlanTranslator(env, graph, sources);
        for (ExecNode node : graph.nodes()) {
            translator.streams.put(node.id(), translator.stream(node));
        }
        return translator.streams.get(graph.root().id());
    }

    private DataStream<Change> input(int id) {
        return streams.get(id);
    }

    private DataStream<Change> stream(ExecNode node) {
        String name = OperatorSpec.nameOf(node);
        if (node instanceof ExecNode.Source s) {
            return sources.open(
                    env,
                    s,
                    new WeirWatermarks(
                            s.timeField(), s.watermarkDelay(), sources.idleTimeoutMillis(s)));
        }
        if (node instanceof ExecNode.Values v) {
            return values(v, name);
        }
        if (node instanceof ExecNode.Calc c) {
            return stateless(c, c.input(), name);
        }
        if (node instanceof ProcTimeWatermark p) {
            // Each instance ticks on its own task's clock, after the rows it has stamped: the
            // calc that reads PROCTIME() runs before it in the same chain, never across a shuffle.
            return stateless(p, p.input(), name, true);
        }
        if (node instanceof ExecNode.WindowAssign w) {
            return w.window().kind() == WindowSpec.Kind.SESSION
                    ? keyed(w, w.input(), w.window().sessionKeys(), name)
                    : stateless(w, w.input(), name);
        }
        if (node instanceof ExecNode.WindowAggregate w) {
            return keyed(w, w.input(), w.keys(), name);
        }
        if (node instanceof ExecNode.GroupAggregate g) {
            return keyed(g, g.input(), g.groupingSets().isEmpty() ? g.keys() : List.of(), name);
        }
        if (node instanceof ExecNode.Rank r) {
            return keyed(r, r.input(), r.partitionKeys(), name);
        }
        if (node instanceof OverAggregate o) {
            return keyed(o, o.input(), o.partitionKeys(), name);
        }
        if (node instanceof WindowRank w) {
            return keyed(w, w.input(), w.partitionKeys(), name);
        }
        if (node instanceof WindowBuffer b) {
            return keyed(b, b.input(), List.of(), name);
        }
        if (node instanceof ExecNode.Join j) {
            return join(j, j.left(), j.right(), j.leftKeys(), j.rightKeys(), name);
        }
        if (node instanceof WindowJoinNode j) {
            return join(j, j.left(), j.right(), j.leftKeys(), j.rightKeys(), name);
        }
        if (node instanceof IntervalJoinNode j) {
            return join(j, j.left(), j.right(), j.leftKeys(), j.rightKeys(), name);
        }
        if (node instanceof TemporalJoinNode j) {
            return join(j, j.left(), j.right(), j.leftKeys(), j.rightKeys(), name);
        }
        if (node instanceof ExecNode.Union u) {
            return union(u);
        }
        throw new AssertionError("refused by check(): " + node.explain());
    }

    private DataStream<Change> values(ExecNode.Values values, String name) {
        List<Change> rows = new ArrayList<>();
        for (List<Object> row : values.rows()) {
            rows.add(Change.insert(Row.copyOf(row)));
        }
        return env.fromData(rows, ChangeTypeInfo.INSTANCE).setParallelism(1).name(name).uid(name);
    }

    private DataStream<Change> stateless(ExecNode node, int inputId, String name) {
        return stateless(node, inputId, name, false);
    }

    private DataStream<Change> stateless(
            ExecNode node, int inputId, String name, boolean clockDriven) {
        DataStream<Change> in = input(inputId);
        return in.transform(
                        name,
                        ChangeTypeInfo.INSTANCE,
                        new StatelessHost(OperatorSpec.of(graph, node), clockDriven))
                .setParallelism(in.getParallelism())
                .name(name)
                .uid(name);
    }

    private DataStream<Change> keyed(ExecNode node, int inputId, List<Integer> keys, String name) {
        boolean constant = keys.isEmpty();
        SingleOutputStreamOperator<Change> out =
                input(inputId)
                        .keyBy(EncodedKeys.selector(keys), Types.STRING)
                        .transform(
                                name,
                                ChangeTypeInfo.INSTANCE,
                                new KeyedOneInputHost(OperatorSpec.of(graph, node), constant))
                        .name(name)
                        .uid(name);
        if (constant) {
            // One key: the other instances would have nothing to do, and could not open its state.
            out.setParallelism(1);
        }
        return out;
    }

    private DataStream<Change> join(
            ExecNode join,
            int left,
            int right,
            List<Integer> leftKeys,
            List<Integer> rightKeys,
            String name) {
        boolean constant = leftKeys.isEmpty();
        SingleOutputStreamOperator<Change> out =
                input(left)
                        .connect(input(right))
                        .keyBy(
                                EncodedKeys.selector(leftKeys),
                                EncodedKeys.selector(rightKeys),
                                Types.STRING)
                        .transform(
                                name,
                                ChangeTypeInfo.INSTANCE,
                                new KeyedTwoInputHost(OperatorSpec.of(graph, join), constant))
                        .name(name)
                        .uid(name);
        if (constant) {
            // One key: the other instances would have nothing to do, and could not open its state.
            out.setParallelism(1);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private DataStream<Change> union(ExecNode.Union union) {
        List<DataStream<Change>> inputs = new ArrayList<>();
        for (int id : union.inputs()) {
            inputs.add(input(id));
        }
        return inputs.get(0).union(inputs.subList(1, inputs.size()).toArray(new DataStream[0]));
    }

    private static RuntimeException refused(String message) {
        return Errors.notSupported(Optional.empty(), message);
    }
}
