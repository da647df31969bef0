package dev.weir.benchmarks;

import dev.weir.common.row.Row;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The state path of the operators, on both backends, with the row keys they use: (group, window
 * start, window end) for a window aggregate's accumulators, scanned by group as a session window or
 * a MIN/MAX value count scans them.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar BenchmarkStateBackend -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BenchmarkStateBackend {
    /** 4,096 groups of 16 windows: 65,536 keys, each group a prefix scan of 16 entries. */
    private static final int GROUPS = 4_096;

    private static final int WINDOWS_PER_GROUP = 16;

    private static final long EPOCH = 1_767_225_600_000L;

    @Param({"heap", "rocksdb"})
    public String backend;

    private StateBackend state;
    private KeyValueState<Row, Row> accumulators;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        state =
                backend.equals("heap")
                        ? new HeapStateBackend()
                        : RocksDbStateBackend.open(Files.createTempDirectory("weir-jmh"));
        accumulators = state.keyValueState("acc", RowCodec.INSTANCE, RowCodec.INSTANCE);
        for (int i = 0; i < GROUPS * WINDOWS_PER_GROUP; i++) {
            accumulators.put(key(i), Row.of(1L, (long) i));
        }
        state.flush();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (state instanceof RocksDbStateBackend rocks) {
            rocks.closeAndDelete();
        } else {
            state.close();
        }
    }

    /** Spreads consecutive calls over the key space, as hashed group keys do. */
    private int nextIndex() {
        return (int) ((next++ * 0x9E3779B97F4A7C15L) >>> 48); // 0 .. 65,535
    }

    private static Row key(int index) {
        long group = index % GROUPS;
        long start = EPOCH + (index / GROUPS) * 10_000L;
        return Row.of(group, start, start + 10_000L);
    }

    @Benchmark
    public void put() {
        int i = nextIndex();
        accumulators.put(key(i), Row.of(2L, (long) i));
    }

    @Benchmark
    public Row get() {
        return accumulators.get(key(nextIndex()));
    }

    @Benchmark
    public Row readModifyWrite() {
        Row key = key(nextIndex());
        Row acc = accumulators.get(key);
        Row updated = Row.of((Long) acc.get(0) + 1, acc.get(1));
        accumulators.put(key, updated);
        return updated;
    }

    /** One group's 16 windows; 16 entries per operation. */
    @Benchmark
    public void prefixScan(Blackhole blackhole) {
        try (CloseableIterator<Map.Entry<Row, Row>> it =
                accumulators.prefix(Row.of((long) (nextIndex() % GROUPS)))) {
            while (it.hasNext()) {
                blackhole.consume(it.next());
            }
        }
    }
}
