package dev.weir.executor.operator;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.Codec;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one operator by hand: feeds changes and watermarks, collects what it emits, and can
 * checkpoint its state and continue on a fresh operator restored from it.
 */
public final class OperatorHarness implements OperatorContext, Output {
    private final Supplier<Operator> factory;
    private final List<Change> output = new ArrayList<>();
    private final List<Long> timers = new ArrayList<>();
    private final List<Long> watermarksOut = new ArrayList<>();
    private final OperatorMetrics metrics = new OperatorMetrics("op");
    private final java.util.function.BiFunction<Path, Path, StateBackend> restorer;
    private StateBackend state;
    private Operator operator;
    private long processingTime;
    private final long[] inputWatermarks = {Watermarks.NONE, Watermarks.NONE};
    private long combinedWatermark = Watermarks.NONE;

    /** An operator on heap state. */
    public OperatorHarness(Supplier<Operator> factory) {
        this(
                factory,
                new HeapStateBackend(),
                (checkpoint, dir) -> HeapStateBackend.restore(checkpoint));
    }

    /** An operator on the given state, restored after a checkpoint by {@code restorer}. */
    public OperatorHarness(
            Supplier<Operator> factory,
            StateBackend state,
            java.util.function.BiFunction<Path, Path, StateBackend> restorer) {
        this.factory = factory;
        this.state = state;
        this.restorer = restorer;
        this.operator = factory.get();
        operator.open(this);
    }

    public void insert(Object... values) {
        change(0, Change.insert(Row.of(values)));
    }

    public void change(Change change) {
        change(0, change);
    }

    /**
     * A change on input {@code input}, for operators with several inputs. Counted as a job's
     * operator node counts it: rows in and out are the node's figures, not the operator's.
     */
    public void change(int input, Change change) {
        metrics.rowIn();
        operator.processChange(input, change);
    }

    public void watermark(long watermark) {
        operator.processWatermark(watermark);
    }

    /**
     * The watermark of one input, as a job's operator node passes it on: to the operator as that
     * input's, then their minimum, when it rises, as the operator's watermark.
     */
    public void inputWatermark(int input, long watermark) {
        if (watermark <= inputWatermarks[input]) {
            return;
        }
        inputWatermarks[input] = watermark;
        operator.processInputWatermark(input, watermark);
        long min = Math.min(inputWatermarks[0], inputWatermarks[1]);
        if (min > combinedWatermark) {
            combinedWatermark = min;
            operator.processWatermark(min);
        }
    }

    /** Moves processing time forward and fires the timers that came due. */
    public void advanceProcessingTime(long to) {
        processingTime = to;
        List<Long> due = timers.stream().filter(t -> t <= to).toList();
        timers.removeAll(due);
        if (!due.isEmpty()) {
            operator.onProcessingTime(to);
        }
    }

    /** Checkpoints the state, then continues with a new operator on the restored state. */
    public void snapshotAndRestore() {
        try {
            Path dir = Files.createTempDirectory("weir-harness");
            Path checkpoint = dir.resolve("cp");
            state.checkpoint(checkpoint);
            state.close();
            state = restorer.apply(checkpoint, dir.resolve("restored"));
            // Processing-time timers are the runtime's, kept on the heap: a restart loses them.
            timers.clear();
            // As a restarted job: the inputs' watermarks are sent again from none.
            java.util.Arrays.fill(inputWatermarks, Watermarks.NONE);
            combinedWatermark = Watermarks.NONE;
            operator = factory.get();
            operator.open(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the operator and its state (RocksDB's files are then released). */
    public void close() {
        operator.close();
        state.close();
    }

    /** Processing-time timers registered and not yet fired. */
    public List<Long> pendingTimers() {
        return List.copyOf(timers);
    }

    /** Every change emitted so far. */
    public List<Change> emitted() {
        return output;
    }

    public List<String> emittedStrings() {
        return output.stream().map(Change::toString).toList();
    }

    @Override
    public OperatorMetrics metrics() {
        return metrics;
    }

    @Override
    public String operatorId() {
        return "op";
    }

    @Override
    public Output output() {
        return this;
    }

    @Override
    public StateBackend state() {
        return state;
    }

    @Override
    public long currentProcessingTime() {
        return processingTime;
    }

    @Override
    public void registerProcessingTimer(long time) {
        timers.add(time);
    }

    @Override
    public void emit(Change change) {
        metrics.rowOut();
        output.add(change);
    }

    @Override
    public void emitWatermark(long watermark) {
        watermarksOut.add(watermark);
    }

    /** Every watermark the operator passed on. */
    public List<Long> emittedWatermarks() {
        return watermarksOut;
    }

    /** How many entries the named state of the operator holds ({@code "op." + name}). */
    public long stateEntries(String name, Codec<?> valueCodec) {
        long n = 0;
        try (CloseableIterator<? extends Map.Entry<Row, ?>> it =
                state.keyValueState("op." + name, RowCodec.INSTANCE, valueCodec).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
