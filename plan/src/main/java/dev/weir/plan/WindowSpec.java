package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A windowing table function's parameters, in milliseconds.
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
        SESSION
    }
}
