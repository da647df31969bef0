package dev.weir.flink.host;

import dev.weir.common.row.Change;
import dev.weir.executor.operator.KeyedOperator;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.Watermarks;
import dev.weir.flink.state.KeyedStateBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A Weir operator whose state is partitioned by key, hosted in a Flink operator on a keyed stream:
 * Weir's state API on Flink keyed state ({@link KeyedStateBackend}), Weir's event-time work on
 * Flink's timers, Weir's watermark rules on Flink's watermarks. Beam's Flink runner hosts a DoFn
 * the same way (its DoFnOperator, FlinkStateInternals, FlinkTimerInternals); here the foreign model
 * is Weir's operators, whose watermark work is split for this ({@link KeyedOperator}).
 *
 * <p>On a watermark: the operator learns it ({@link KeyedOperator#advanceWatermark}), Flink fires
 * the keys' timers now due, and the host calls {@link KeyedOperator#onEventTime} for each with its
 * key in scope, in order of time and then key, the order in which the local runner's one scan of
 * its time-ordered state finds them; then the watermark goes on downstream. Weir fires what is due
 * at or before the watermark, as Flink's timers do, so no adjustment of times is needed.
 *
 * <p>Each input's watermark is checkpointed: after a restore the sources' watermarks start again
 * from nothing, but an input's watermark never goes back, so the operator drops exactly the rows as
 * late that it would have without the failure (the local runner restores its sources' watermarks
 * for the same reason). With aligned (exactly-once) checkpoints every parallel instance has the
 * same watermarks at a checkpoint, so the list Flink gives each after rescaling holds the same
 * values whichever instance wrote them.
 *
 * <p>An operator keyed by a constant (a global aggregate) has its one key set from the start, so it
 * may read its state when it opens.
 */
public abstract class KeyedOperatorHost extends AbstractStreamOperator<Change>
        implements Triggerable<String, VoidNamespace>, HostContext.Sink {
    private static final long serialVersionUID = 1L;

    /** A timer Flink fired, run once the watermark's timers are all known. */
    private record Due(String key, long time) {}

    private static final Comparator<Due> DUE_ORDER =
            Comparator.comparingLong(Due::time).thenComparing(Due::key);

    private final OperatorSpec spec;
    private final int inputCount;
    private final boolean constantKey;

    private transient Operator operator;
    private transient HostContext context;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient List<Due> due;
    private transient StreamRecord<Change> record;
    private transient ListState<Long> savedWatermarks;
    private transient long[] inputWatermarks;
    private transient long watermark;
    private transient LongCounter lateRows;
    private transient long lateRowsReported;

    KeyedOperatorHost(OperatorSpec spec, int inputCount, boolean constantKey) {
        this.spec = spec;
        this.inputCount = inputCount;
        this.constantKey = constantKey;
    }

    /** The name of the accumulator counting the late rows a node dropped. */
    public static String lateRowsAccumulator(int nodeId) {
        return "weir-late-rows-n" + nodeId;
    }

    @Override
    public void initializeState(StateInitializationContext state) throws Exception {
        super.initializeState(state);
        savedWatermarks =
                state.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "weir-watermarks", LongSerializer.INSTANCE));
        inputWatermarks = new long[inputCount];
        Arrays.fill(inputWatermarks, Watermarks.NONE);
        watermark = Watermarks.NONE;
        if (state.isRestored()) {
            restoreWatermarks();
        }
    }

    /** Each instance saved (combined, input 1, input 2...); every copy holds the same values. */
    private void restoreWatermarks() throws Exception {
        List<Long> saved = new ArrayList<>();
        savedWatermarks.get().forEach(saved::add);
        if (saved.size() >= inputCount + 1) {
            watermark = saved.get(0);
            for (int i = 0; i < inputCount; i++) {
                inputWatermarks[i] = saved.get(i + 1);
            }
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext snapshot) throws Exception {
        super.snapshotState(snapshot);
        List<Long> saved = new ArrayList<>();
        saved.add(watermark);
        for (long w : inputWatermarks) {
            saved.add(w);
        }
        savedWatermarks.update(saved);
    }

    @Override
    public void open() throws Exception {
        super.open();
        record = new StreamRecord<>(null);
        due = new ArrayList<>();
        timers = getInternalTimerService("weir-timers", VoidNamespaceSerializer.INSTANCE, this);
        context =
                new HostContext(
                        spec.name(),
                        new KeyedStateBackend(getKeyedStateStore()),
                        this,
                        () -> getProcessingTimeService().getCurrentProcessingTime(),
                        time -> timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, time),
                        time -> timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time));
        lateRows = new LongCounter();
        getRuntimeContext().addAccumulator(lateRowsAccumulator(spec.nodeId()), lateRows);
        if (constantKey) {
            setCurrentKey("");
        }
        operator = spec.build();
        operator.open(context);
        for (int i = 0; i < inputCount; i++) {
            if (inputWatermarks[i] != Watermarks.NONE) {
                operator.processInputWatermark(i, inputWatermarks[i]);
            }
        }
        if (watermark != Watermarks.NONE && operator instanceof KeyedOperator keyed) {
            keyed.advanceWatermark(watermark);
        }
    }

    /** A change from input {@code input}; Flink has set its key. */
    void process(int input, Change change) {
        operator.processChange(input, change);
    }

    /**
     * Input {@code input}'s watermark, raised to what it was at the last checkpoint (see the class
     * comment).
     */
    long liftInput(int input, long incoming) {
        long lifted = Math.max(incoming, inputWatermarks[input]);
        inputWatermarks[input] = lifted;
        return lifted;
    }

    /**
     * Tells the operator input {@code input}'s own watermark, before Flink combines it with the
     * other input's, as the local runtime does: a join decides whether a row is late by its own
     * input's watermark.
     */
    void inputWatermark(int input, long lifted) {
        operator.processInputWatermark(input, lifted);
    }

    /** The operator's watermark (the minimum of its inputs') has reached {@code next}. */
    void advance(long next) throws Exception {
        if (next <= watermark) {
            return;
        }
        watermark = next;
        long out = next;
        if (operator instanceof KeyedOperator keyed) {
            keyed.advanceWatermark(next);
            getTimeServiceManager().orElseThrow().advanceWatermark(new Watermark(next));
            due.sort(DUE_ORDER);
            for (Due d : due) {
                setCurrentKey(d.key());
                keyed.onEventTime(d.time());
            }
            due.clear();
            out = keyed.outputWatermark(next);
        }
        reportLateRows();
        if (out != Watermarks.NONE) {
            output.emitWatermark(new Watermark(out));
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        due.add(new Due(timer.getKey(), timer.getTimestamp()));
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        operator.onProcessingTime(getProcessingTimeService().getCurrentProcessingTime());
    }

    @Override
    public void emit(Change change) {
        output.collect(record.replace(change));
    }

    /** A keyed operator's watermark work is the host's: it never emits watermarks itself. */
    @Override
    public void emitWatermark(long ignored) {
        throw new IllegalStateException("a hosted keyed operator emitted a watermark");
    }

    private void reportLateRows() {
        long late = context.metrics().lateRowsDropped();
        lateRows.add(late - lateRowsReported);
        lateRowsReported = late;
    }

    @Override
    public void finish() throws Exception {
        reportLateRows();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (operator != null) {
            operator.close();
        }
        if (context != null) {
            context.close();
        }
        super.close();
    }
}
