package dev.weir.executor.operator.window;

import dev.weir.common.row.Row;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.WatermarkState;
import dev.weir.executor.operator.aggregate.Aggregator;
import dev.weir.executor.operator.aggregate.LongCodec;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.plan.AggregateCallSpec;
import java.util.List;

/**
 * What the aligned and the session window operators keep besides their windows: the aggregate
 * calls' value counts, the event-time timers, and the watermark. The watermark decides lateness, so
 * it is state too: a restored operator must drop exactly the rows the uninterrupted one would.
 */
final class WindowOperatorState {
    final Aggregator aggregator;
    final WindowTimers timers;
    final WatermarkState watermark;

    WindowOperatorState(OperatorContext context, List<AggregateCallSpec> calls) {
        String id = context.operatorId();
        KeyValueState<Row, Long> values =
                context.state()
                        .keyValueState(id + ".values", RowCodec.INSTANCE, LongCodec.INSTANCE);
        aggregator = new Aggregator(calls, false, values);
        timers = new WindowTimers(context, id + ".timers");
        watermark = new WatermarkState(context.operatorState(), id + ".meta");
    }
}
