package dev.weir.executor.operator.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.plan.AggregateCallSpec;
import dev.weir.plan.AggregateKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each aggregate function alone, accumulating and retracting. Input rows are (value, flag); the
 * flag is the FILTER field where a call has one.
 */
class AggregatorTest {
    private final KeyValueState<Row, Long> valueCounts =
            new HeapStateBackend().keyValueState("values", RowCodec.INSTANCE, LongCodec.INSTANCE);

    private int groups;

    /** One call over one group, retractable, with what it returns after each step. */
    private final class Group {
        private final Row scope = Row.of("group", (long) groups++);
        private final Aggregator aggregator;
        private final Object[] acc;

        Group(AggregateCallSpec call) {
            aggregator = new Aggregator(List.of(call), true, valueCounts);
            acc = aggregator.newAccumulator();
        }

        Group add(Object value) {
            return add(value, true);
        }

        Group add(Object value, Boolean flag) {
            aggregator.accumulate(acc, scope, Row.of(value, flag));
            return this;
        }

        Group remove(Object value) {
            return remove(value, true);
        }

        Group remove(Object value, Boolean flag) {
            aggregator.retract(acc, scope, Row.of(value, flag));
            return this;
        }

        Object result() {
            // The accumulator goes through state as a row: the result must survive that.
            Row stored = RowCodec.INSTANCE.fromBytes(RowCodec.INSTANCE.toBytes(Row.wrap(acc)));
            Object fromState = aggregator.results(stored.toArray())[0];
            Object live = aggregator.results(acc)[0];
            assertThat(fromState).isEqualTo(live);
            return live;
        }

        long rows() {
            return Aggregator.rowCount(acc);
        }
    }

    private static AggregateCallSpec call(
            AggregateKind kind, ValueType argumentType, ValueType resultType, int scale) {
        return new AggregateCallSpec(
                kind,
                kind == AggregateKind.COUNT_STAR ? -1 : 0,
                false,
                -1,
                argumentType,
                resultType,
                scale);
    }

    private static AggregateCallSpec distinct(AggregateCallSpec c) {
        return new AggregateCallSpec(
                c.kind(), c.argument(), true, -1, c.argumentType(), c.resultType(), -1);
    }

    private static AggregateCallSpec filtered(AggregateCallSpec c) {
        return new AggregateCallSpec(
                c.kind(),
                c.argument(),
                c.distinct(),
                1,
                c.argumentType(),
                c.resultType(),
                c.resultScale());
    }

    private long valueCountEntries() {
        long n = 0;
        try (CloseableIterator<Map.Entry<Row, Long>> it = valueCounts.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void countStarCountsRowsNullsIncluded() {
        Group g = new Group(call(AggregateKind.COUNT_STAR, null, ValueType.BIGINT, -1));
        assertThat(g.result()).isEqualTo(0L);
        assertThat(g.add(1L).add(null).add(1L).result()).isEqualTo(3L);
        assertThat(g.remove(null).result()).isEqualTo(2L);
        assertThat(g.remove(1L).remove(1L).result()).isEqualTo(0L);
        assertThat(g.rows()).isZero();
    }

    @Test
    void countIgnoresNulls() {
        Group g = new Group(call(AggregateKind.COUNT, ValueType.BIGINT, ValueType.BIGINT, -1));
        assertThat(g.add(null).add(4L).add(null).add(4L).result()).isEqualTo(2L);
        assertThat(g.rows()).isEqualTo(4);
        assertThat(g.remove(4L).remove(null).result()).isEqualTo(1L);
    }

    @Test
    void countDistinctKeepsACountPerValue() {
        Group g =
                new Group(
                        distinct(
                                call(
                                        AggregateKind.COUNT,
                                        ValueType.VARCHAR,
                                        ValueType.BIGINT,
                                        -1)));
        assertThat(g.add("a").add("a").add("b").add(null).result()).isEqualTo(2L);
        assertThat(g.remove("a").result()).isEqualTo(2L); // one "a" is still there
        assertThat(g.remove("a").result()).isEqualTo(1L);
        assertThat(g.add("a").result()).isEqualTo(2L);
        assertThat(g.remove("a").remove("b").remove(null).result()).isEqualTo(0L);
        assertThat(valueCountEntries()).as("value counts of an emptied group").isZero();
    }

    @Test
    void sumOfIntegersIsALongAndNullWithoutValues() {
        Group g = new Group(call(AggregateKind.SUM, ValueType.INTEGER, ValueType.BIGINT, -1));
        assertThat(g.result()).isNull();
        assertThat(g.add(null).result()).isNull();
        assertThat(g.add(5).add(-2).result()).isEqualTo(3L);
        assertThat(g.remove(5).result()).isEqualTo(-2L);
        // Back to no values: NULL, not 0, though the group still has its NULL row.
        assertThat(g.remove(-2).result()).isNull();
        assertThat(g.add(0).result()).isEqualTo(0L);
    }

    @Test
    void sumOfDecimalsIsADecimalOfTheResultScale() {
        Group g = new Group(call(AggregateKind.SUM, ValueType.DECIMAL, ValueType.DECIMAL, 2));
        g.add(new BigDecimal("1.25")).add(new BigDecimal("2.5"));
        assertThat(g.result()).isEqualTo(new BigDecimal("3.75"));
        assertThat(g.remove(new BigDecimal("1.25")).result()).isEqualTo(new BigDecimal("2.50"));
        assertThat(g.remove(new BigDecimal("2.5")).result()).isNull();
    }

    @Test
    void sumOfFloatingPointIsADouble() {
        Group g = new Group(call(AggregateKind.SUM, ValueType.DOUBLE, ValueType.DOUBLE, -1));
        assertThat(g.add(1.5d).add(2.25d).result()).isEqualTo(3.75d);
        assertThat(g.remove(1.5d).result()).isEqualTo(2.25d);
        assertThat(g.remove(2.25d).result()).isNull();
    }

    @Test
    void minAndMaxStayCorrectWhenTheirExtremeIsRetracted() {
        Group min = new Group(call(AggregateKind.MIN, ValueType.BIGINT, ValueType.BIGINT, -1));
        Group max = new Group(call(AggregateKind.MAX, ValueType.BIGINT, ValueType.BIGINT, -1));
        for (long v : new long[] {5, 3, 3, 7}) {
            min.add(v);
            max.add(v);
        }
        assertThat(min.result()).isEqualTo(3L);
        assertThat(max.result()).isEqualTo(7L);
        assertThat(min.remove(3L).result()).as("one 3 is left").isEqualTo(3L);
        assertThat(min.remove(3L).result()).isEqualTo(5L);
        assertThat(max.remove(7L).result()).isEqualTo(5L);
        assertThat(min.remove(5L).remove(7L).result()).isNull();
        assertThat(max.remove(5L).remove(3L).remove(3L).result()).isNull();
        assertThat(valueCountEntries()).isZero();
    }

    @Test
    void minOfStrings() {
        Group g = new Group(call(AggregateKind.MIN, ValueType.VARCHAR, ValueType.VARCHAR, -1));
        assertThat(g.add("pear").add(null).add("apple").result()).isEqualTo("apple");
        assertThat(g.remove("apple").result()).isEqualTo("pear");
    }

    @Test
    void avgTakesItsResultTypeFromTheCall() {
        Group integer = new Group(call(AggregateKind.AVG, ValueType.BIGINT, ValueType.BIGINT, -1));
        // Integer AVG truncates, as Calcite's does.
        assertThat(integer.add(3L).add(4L).result()).isEqualTo(3L);
        assertThat(integer.add(null).remove(3L).result()).isEqualTo(4L);
        assertThat(integer.remove(4L).result()).isNull();

        Group floating =
                new Group(call(AggregateKind.AVG, ValueType.INTEGER, ValueType.DOUBLE, -1));
        assertThat(floating.add(3).add(4).result()).isEqualTo(3.5d);

        Group decimal = new Group(call(AggregateKind.AVG, ValueType.DECIMAL, ValueType.DECIMAL, 2));
        decimal.add(new BigDecimal("1.00")).add(new BigDecimal("2.00"));
        assertThat(decimal.add(new BigDecimal("2.00")).result()).isEqualTo(new BigDecimal("1.67"));
    }

    @Test
    void filterCountsOnlyRowsWhoseFilterIsTrue() {
        Group count =
                new Group(filtered(call(AggregateKind.COUNT_STAR, null, ValueType.BIGINT, -1)));
        count.add(1L, true).add(2L, false).add(3L, null).add(4L, true);
        assertThat(count.result()).isEqualTo(2L);
        assertThat(count.rows()).isEqualTo(4);
        assertThat(count.remove(2L, false).remove(1L, true).result()).isEqualTo(1L);

        Group sum =
                new Group(
                        filtered(call(AggregateKind.SUM, ValueType.BIGINT, ValueType.BIGINT, -1)));
        assertThat(sum.add(10L, false).result()).as("no row passed the filter").isNull();
        assertThat(sum.add(5L, true).add(7L, false).result()).isEqualTo(5L);
    }

    @Test
    void mergingFoldsDistinctValuesOnce() {
        AggregateCallSpec countDistinct =
                distinct(call(AggregateKind.COUNT, ValueType.BIGINT, ValueType.BIGINT, -1));
        AggregateCallSpec sum = call(AggregateKind.SUM, ValueType.BIGINT, ValueType.BIGINT, -1);
        AggregateCallSpec max = call(AggregateKind.MAX, ValueType.BIGINT, ValueType.BIGINT, -1);
        Aggregator aggregator =
                new Aggregator(List.of(countDistinct, sum, max), false, valueCounts);
        Row left = Row.of("s", 0L);
        Row right = Row.of("s", 10L);
        Object[] into = aggregator.newAccumulator();
        Object[] from = aggregator.newAccumulator();
        for (long v : new long[] {1, 2}) {
            aggregator.accumulate(into, left, Row.of(v, true));
        }
        for (long v : new long[] {2, 3, 3}) {
            aggregator.accumulate(from, right, Row.of(v, true));
        }
        aggregator.merge(into, left, from, right);
        assertThat(aggregator.results(into)).containsExactly(3L, 11L, 3L);
        assertThat(Aggregator.rowCount(into)).isEqualTo(5);
        // The merged-away scope holds no value counts any more.
        List<Row> keys = new ArrayList<>();
        try (CloseableIterator<Map.Entry<Row, Long>> it = valueCounts.all()) {
            it.forEachRemaining(e -> keys.add(e.getKey()));
        }
        assertThat(keys).allMatch(k -> k.get(1).equals(0L));
        aggregator.clear(left);
        assertThat(valueCountEntries()).isZero();
    }
}
