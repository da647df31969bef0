package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A windowing table function's parameters, in milliseconds; or, for {@link Kind#ATTACHED}, windows
 * its input's rows already carry.
 *
 * @param slide HOP's slide or CUMULATE's step; 0 otherwise
 * @param size TUMBLE/HOP/CUMULATE window size, SESSION's gap
 * @param sessionKeys fields that partition sessions (input indices)
 */
public record WindowSpec(Kind kind, long size, long slide, long offset, List<Integer> sessionKeys) {
    public WindowSpec {
        requireNonNull(kind, "kind is null");
        sessionKeys = List.copyOf(sessionKeys);
    }

    /** The windowing functions of DIALECT.md. */
    public enum Kind {
        TUMBLE,
        HOP,
        CUMULATE,
        SESSION,
        /**
         * Flink's window-attached windowing: no assignment, each row's window is its own
         * window_start and window_end (a window aggregate's, a windowing function's, a window
         * join's or window Top-N's rows), held at the node's time field and the one after it. Size,
         * slide and offset are 0; there are no session keys.
         */
        ATTACHED
    }

    /** The windows an input's rows carry (see {@link Kind#ATTACHED}). */
    public static WindowSpec attached() {
        return new WindowSpec(Kind.ATTACHED, 0, 0, 0, List.of());
    }
}
