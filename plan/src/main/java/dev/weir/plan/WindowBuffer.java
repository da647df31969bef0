package dev.weir.plan;

import java.util.List;

/**
 * EMIT AFTER WATERMARK over a windowing function's rows ({@code SELECT * FROM TABLE(TUMBLE(...))},
 * filtered or projected): each row is held until the watermark passes its window's end, then
 * emitted once, so that a window's rows are realized only when they are complete, as the dialect
 * says of AFTER WATERMARK. The output is the input, insert-only.
 *
 * <p>A row whose window the watermark has already passed, by more than the allowed lateness, is
 * late: dropped and counted. One within the allowed lateness comes out at once (its window was
 * realized already; an insert-only result has nothing to retract). SESSION rows need no buffer:
 * their operator holds them until their session closes anyway.
 *
 * <p>A node of its own file, not nested in {@link ExecNode}, only to keep that file short.
 *
 * @param windowEndField the input field holding the row's window end, which the watermark completes
 * @param allowedLateness how long after its end a window's rows are still accepted
 */
@ExecNodeMetadata(name = "window_buffer", version = 1, minStateVersion = 1)
public record WindowBuffer(
        int id, int input, List<FieldSpec> fields, int windowEndField, long allowedLateness)
        implements ExecNode {
    public WindowBuffer {
        fields = List.copyOf(fields);
        if (windowEndField < 0 || windowEndField >= fields.size()) {
            throw new IllegalArgumentException("no window end field: " + windowEndField);
        }
    }

    @Override
    public List<Integer> inputs() {
        return List.of(input);
    }

    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public String explain() {
        return "StreamWindowBuffer(windowEnd=[$"
                + windowEndField
                + "], emit=[when the watermark passes window_end"
                + (allowedLateness == 0
                        ? ""
                        : ", late rows within " + allowedLateness + "ms at once")
                + "], state=[rows of windows ending after the watermark])";
    }

    /** The rows held, whole, under their window's end, with their multiplicity; the watermark. */
    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return "rows="
                + StateLayouts.types(inputFields.get(0))
                + ", windowEnd="
                + windowEndField
                + ", allowedLateness="
                + allowedLateness
                + "ms";
    }
}
