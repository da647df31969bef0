package dev.weir.plan;

import java.util.List;

/**
 * The watermark of a processing-time window: below a windowing function whose DESCRIPTOR names a
 * stream's processing-time attribute ({@code proc_time AS PROCTIME()}), it replaces the input's
 * event-time watermark with the processing clock, so that the window operators, written for event
 * time, place rows by their processing time and complete a window once the clock has passed its
 * end, as Flink's processing-time windows do.
 *
 * <p>Rows pass through unchanged. Every {@code tickMillis} of processing time the watermark becomes
 * the clock's reading minus one millisecond: a row read later gets a processing time at or after
 * that reading, so it is never late, unless the clock goes back (then it is dropped as late, and
 * counted). The input's watermarks are not passed on, except its end (a bounded input that has
 * ended completes every window). No state: after a restore the clock is the watermark again.
 *
 * <p>A node of its own file, not nested in {@link ExecNode}, only to keep that file short.
 *
 * @param tickMillis how often the watermark follows the clock: the most a window's results wait
 *     after its end
 */
@ExecNodeMetadata(name = "proctime_watermark", version = 1, minStateVersion = 1)
public record ProcTimeWatermark(int id, int input, List<FieldSpec> fields, long tickMillis)
        implements ExecNode {
    /** How often the watermark follows the clock unless said otherwise. */
    public static final long DEFAULT_TICK_MILLIS = 50;

    public ProcTimeWatermark {
        fields = List.copyOf(fields);
        if (tickMillis <= 0) {
            throw new IllegalArgumentException("tick must be positive: " + tickMillis);
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
        return "StreamProcTimeWatermark(watermark=[processing time, every "
                + tickMillis
                + "ms], state=[none])";
    }

    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return "";
    }
}
