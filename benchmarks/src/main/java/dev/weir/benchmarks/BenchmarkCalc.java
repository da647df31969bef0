package dev.weir.benchmarks;

import dev.weir.common.function.Calc;
import dev.weir.executor.compile.CalcCompiler;
import dev.weir.executor.connector.nexmark.NexmarkConfig;
import dev.weir.executor.connector.nexmark.NexmarkGenerator;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.plan.ExecNode;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The calc path: one compiled filter-and-project (Nexmark q1 and q2) per row. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BenchmarkCalc {
    private Calc q1;
    private Calc q2;
    private Object[][] rows;
    private Object[] out;
    private int next;

    @Setup
    public void setUp() {
        Catalog catalog = Catalog.inMemory();
        catalog.add(
                new Planner(catalog)
                        .stream(
                                (SqlCreateStream)
                                        WeirParser.parseStatement(
                                                NexmarkTable.BID.createStatement("bid", 0))));
        q1 = compile(catalog, NexmarkDriver.QUERIES.get("q1"));
        q2 = compile(catalog, NexmarkDriver.QUERIES.get("q2"));
        NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.defaults());
        rows = new Object[4096][];
        for (int i = 0, n = 0; i < rows.length; n++) {
            if (NexmarkGenerator.kindOf(n) == NexmarkTable.BID) {
                rows[i++] = generator.event(n).toArray();
            }
        }
        out = new Object[8];
    }

    private static Calc compile(Catalog catalog, String sql) {
        var graph = new Planner(catalog).planQuery(WeirParser.parseStatement(sql)).graph();
        ExecNode.Calc calc = (ExecNode.Calc) graph.root();
        return CalcCompiler.compile(calc.code());
    }

    @Benchmark
    public boolean q1Project() {
        next = (next + 1) & (rows.length - 1);
        return q1.apply(rows[next], out);
    }

    @Benchmark
    public boolean q2Filter() {
        next = (next + 1) & (rows.length - 1);
        return q2.apply(rows[next], out);
    }
}
