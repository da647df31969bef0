package dev.weir.server.flink;

import dev.weir.common.error.WeirException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.flink.util.SerializedThrowable;

/**
 * Why a Flink job failed, as the client should see it: a Weir error raised by one of the job's
 * operators (a division by zero, a value out of range) with its own code, as the local runner
 * reports it, though Flink wraps it in its job failure (and may carry it serialized).
 */
final class FlinkFailures {
    private FlinkFailures() {}

    /** The Weir error in {@code failure}'s causes, or {@code failure} itself when there is none. */
    static Throwable cause(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof WeirException w) {
                return w;
            }
            if (t instanceof SerializedThrowable serialized) {
                Throwable original =
                        serialized.deserializeError(FlinkFailures.class.getClassLoader());
                if (original instanceof WeirException w) {
                    return w;
                }
            }
        }
        return failure;
    }
}
