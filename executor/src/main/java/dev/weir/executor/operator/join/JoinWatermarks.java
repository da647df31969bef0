package dev.weir.executor.operator.join;

import dev.weir.executor.operator.OperatorContext;
import dev.weir.executor.operator.WatermarkState;

/**
 * The watermarks a two-input join on event time keeps in state: each input's own, by which a row of
 * that input is late, and the combined one (the lesser of the two), which completes intervals,
 * windows and versions. A restored operator goes on from them, so that it drops exactly the rows
 * the uninterrupted one would.
 */
final class JoinWatermarks {
    private static final String[] SIDE_NAMES = {"left", "right"};

    private final WatermarkState[] inputs = new WatermarkState[2];
    private final WatermarkState combined;

    JoinWatermarks(OperatorContext context) {
        String id = context.operatorId();
        for (int side = 0; side < 2; side++) {
            inputs[side] =
                    new WatermarkState(
                            context.operatorState(), id + "." + SIDE_NAMES[side] + "Watermark");
        }
        combined = new WatermarkState(context.operatorState(), id + ".meta");
    }

    /** Input {@code side}'s watermark is now {@code next}; one that would go back is ignored. */
    void advanceInput(int side, long next) {
        if (next > inputs[side].get()) {
            inputs[side].set(next);
        }
    }

    long input(int side) {
        return inputs[side].get();
    }

    long combined() {
        return combined.get();
    }

    void advanceCombined(long next) {
        combined.set(next);
    }
}
