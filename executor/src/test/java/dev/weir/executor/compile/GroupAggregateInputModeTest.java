package dev.weir.executor.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.type.ValueType;
import dev.weir.executor.operator.OperatorHarness;
import dev.weir.executor.operator.aggregate.LongCodec;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.plan.JobGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compiler builds an unbounded GROUP BY's operator for its input's changelog: {@code SELECT
 * channel, MAX(price) FROM bid GROUP BY channel} over a stream keeps an accumulator per channel and
 * nothing per price (the soak's leak); over a materialized view's changelog it counts the prices,
 * to find the next maximum when one is retracted.
 */
class GroupAggregateInputModeTest {
    private static final List<FieldSpec> BID =
            List.of(
                    new FieldSpec("channel", ValueType.VARCHAR, false),
                    new FieldSpec("price", ValueType.BIGINT, false));

    private static ExecNode.GroupAggregate maxPriceByChannel() {
        return new ExecNode.GroupAggregate(
                1,
                0,
                List.of(BID.get(0), new FieldSpec("max_price", ValueType.BIGINT, true)),
                List.of(0),
                List.of(),
                List.of(
                        new AggregateCallSpec(
                                AggregateKind.MAX,
                                1,
                                false,
                                -1,
                                ValueType.BIGINT,
                                ValueType.BIGINT,
                                -1)));
    }

    /** The values counted after 1,000 distinct prices over 4 channels read as {@code mode}. */
    private static long valueCountsOver(ChangelogMode mode) {
        ExecNode.GroupAggregate aggregate = maxPriceByChannel();
        JobGraph graph =
                new JobGraph(
                        List.of(
                                new ExecNode.Source(0, "bid", BID, -1, 0, Map.of(), mode),
                                aggregate),
                        List.of("channel", "max_price"),
                        2,
                        List.of(0),
                        List.of(),
                        0,
                        -1,
                        null,
                        null);
        OperatorHarness h = new OperatorHarness(() -> JobCompiler.operator(aggregate, graph));
        for (long price = 0; price < 1_000; price++) {
            h.insert("c" + price % 4, price);
        }
        // Rising prices: each channel's first is +I, every later one raises its maximum.
        List<String> emitted = h.emittedStrings();
        assertThat(emitted).hasSize(4 + 2 * 996);
        assertThat(emitted.subList(0, 4))
                .containsExactly("+I[c0, 0]", "+I[c1, 1]", "+I[c2, 2]", "+I[c3, 3]");
        assertThat(emitted.subList(emitted.size() - 2, emitted.size()))
                .containsExactly("-U[c3, 995]", "+U[c3, 999]");
        assertThat(h.stateEntries("acc", RowCodec.INSTANCE)).isEqualTo(4);
        long counts = h.stateEntries("values", LongCodec.INSTANCE);
        h.close();
        return counts;
    }

    @Test
    void overAStreamMaxKeepsNoValueCounts() {
        assertThat(valueCountsOver(ChangelogMode.INSERT_ONLY)).isZero();
    }

    @Test
    void overAChangelogMaxCountsEveryValue() {
        assertThat(valueCountsOver(ChangelogMode.RETRACT)).isEqualTo(1_000);
    }
}
