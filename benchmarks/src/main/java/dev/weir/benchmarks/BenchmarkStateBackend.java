package dev.weir.benchmarks;

import dev.weir.common.row.Row;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import java.nio.file.Files;
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

/** The state path: a window aggregate's read-modify-write of one accumulator per row. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BenchmarkStateBackend {
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
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    @Benchmark
    public Row readModifyWrite() {
        long key = (next++ * 0x9E3779B97F4A7C15L) & 0xFFFF; // 65,536 keys, spread
        Row window = Row.of(1000L + key, 1_767_225_600_000L, 1_767_225_610_000L);
        Row acc = accumulators.get(window);
        Row updated = acc == null ? Row.of(1L, key) : Row.of((Long) acc.get(0) + 1, key);
        accumulators.put(window, updated);
        return updated;
    }
}
