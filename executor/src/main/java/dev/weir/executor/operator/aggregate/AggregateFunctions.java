package dev.weir.executor.operator.aggregate;

import dev.weir.common.error.Errors;
import dev.weir.common.type.ValueType;
import dev.weir.plan.AggregateCallSpec;

/** The implementations of COUNT, SUM, MIN, MAX and AVG. */
final class AggregateFunctions {
    private AggregateFunctions() {}

    static AggregateFunction of(AggregateCallSpec call) {
        return switch (call.kind()) {
            case COUNT_STAR, COUNT -> new Count();
            case SUM ->
                    new Sum(
                            Numbers.sumType(call.argumentType()),
                            call.resultType(),
                            call.resultScale());
            case AVG ->
                    new Avg(
                            Numbers.sumType(call.argumentType()),
                            call.resultType(),
                            call.resultScale());
            case MIN -> new MinMax(true);
            case MAX -> new MinMax(false);
        };
    }

    /** COUNT: one slot, the count. */
    static final class Count implements AggregateFunction {
        @Override
        public int slots() {
            return 1;
        }

        @Override
        public void init(Object[] acc, int at) {
            acc[at] = 0L;
        }

        @Override
        public void accumulate(Object[] acc, int at, Object value) {
            acc[at] = (Long) acc[at] + 1;
        }

        @Override
        public void retract(Object[] acc, int at, Object value) {
            acc[at] = (Long) acc[at] - 1;
        }

        @Override
        public void merge(Object[] acc, int at, Object[] other, int otherAt) {
            acc[at] = (Long) acc[at] + (Long) other[otherAt];
        }

        @Override
        public Object result(Object[] acc, int at) {
            return acc[at];
        }
    }

    /** SUM: the sum and how many values it holds (NULL when none). */
    static class Sum implements AggregateFunction {
        private final ValueType sumType;
        private final ValueType resultType;
        private final int resultScale;

        Sum(ValueType sumType, ValueType resultType, int resultScale) {
            this.sumType = sumType;
            this.resultType = resultType;
            this.resultScale = resultScale;
        }

        @Override
        public int slots() {
            return 2;
        }

        @Override
        public void init(Object[] acc, int at) {
            acc[at] = Numbers.zero(sumType);
            acc[at + 1] = 0L;
        }

        @Override
        public void accumulate(Object[] acc, int at, Object value) {
            try {
                acc[at] = Numbers.add(acc[at], value, sumType);
            } catch (ArithmeticException e) {
                throw outOfRange(e);
            }
            acc[at + 1] = (Long) acc[at + 1] + 1;
        }

        @Override
        public void retract(Object[] acc, int at, Object value) {
            try {
                acc[at] = Numbers.subtract(acc[at], value, sumType);
            } catch (ArithmeticException e) {
                throw outOfRange(e);
            }
            acc[at + 1] = (Long) acc[at + 1] - 1;
        }

        @Override
        public void merge(Object[] acc, int at, Object[] other, int otherAt) {
            try {
                acc[at] = Numbers.add(acc[at], other[otherAt], sumType);
            } catch (ArithmeticException e) {
                throw outOfRange(e);
            }
            acc[at + 1] = (Long) acc[at + 1] + (Long) other[otherAt + 1];
        }

        @Override
        public Object result(Object[] acc, int at) {
            if ((Long) acc[at + 1] == 0) {
                return null;
            }
            try {
                return Numbers.convert(acc[at], resultType, resultScale);
            } catch (ArithmeticException e) {
                throw outOfRange(e);
            }
        }

        /** A sum out of its type's range: a data error, as an overflowing {@code +} is. */
        RuntimeException outOfRange(ArithmeticException e) {
            return Errors.dataError(name() + " of " + resultType + " values", e);
        }

        String name() {
            return "SUM";
        }
    }

    /** AVG: the same sum and count as SUM, divided at the end. */
    static final class Avg extends Sum {
        private final ValueType resultType;
        private final int resultScale;

        Avg(ValueType sumType, ValueType resultType, int resultScale) {
            super(sumType, resultType, resultScale);
            this.resultType = resultType;
            this.resultScale = resultScale;
        }

        @Override
        public Object result(Object[] acc, int at) {
            long count = (Long) acc[at + 1];
            if (count == 0) {
                return null;
            }
            try {
                return Numbers.average(acc[at], count, resultType, resultScale);
            } catch (ArithmeticException e) {
                throw outOfRange(e);
            }
        }

        @Override
        String name() {
            return "AVG";
        }
    }

    /** MIN or MAX: the current extreme; retraction recomputes it from the value counts. */
    static final class MinMax implements AggregateFunction {
        private final boolean min;

        MinMax(boolean min) {
            this.min = min;
        }

        @Override
        public int slots() {
            return 1;
        }

        @Override
        public void init(Object[] acc, int at) {
            acc[at] = null;
        }

        @Override
        public void accumulate(Object[] acc, int at, Object value) {
            if (acc[at] == null || better(value, acc[at])) {
                acc[at] = value;
            }
        }

        @Override
        public void retract(Object[] acc, int at, Object value) {
            // The operator recomputes from the value counts (needsValueCounts).
        }

        @Override
        public void merge(Object[] acc, int at, Object[] other, int otherAt) {
            if (other[otherAt] != null) {
                accumulate(acc, at, other[otherAt]);
            }
        }

        @Override
        public Object result(Object[] acc, int at) {
            return acc[at];
        }

        @Override
        public boolean needsValueCounts() {
            return true;
        }

        @Override
        public void recompute(Object[] acc, int at, Iterable<Object> values) {
            acc[at] = null;
            for (Object v : values) {
                accumulate(acc, at, v);
            }
        }

        private boolean better(Object candidate, Object current) {
            int c = Numbers.compare(candidate, current);
            return min ? c < 0 : c > 0;
        }
    }
}
