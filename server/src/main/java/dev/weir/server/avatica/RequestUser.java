package dev.weir.server.avatica;

import dev.weir.engine.Caller;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The user an Avatica request was authenticated as, with their role, for the protocol layer that
 * runs it on the same thread: Avatica's service interface carries no caller, and HTTP authenticates
 * each request.
 */
public final class RequestUser {
    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    private RequestUser() {}

    /** Runs {@code work} on behalf of {@code caller} (empty when the server takes no users). */
    public static <T> T runAs(Optional<Caller> caller, Supplier<T> work) {
        Caller before = CURRENT.get();
        CURRENT.set(caller.orElse(null));
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The current request's user; null when the server takes no users. */
    static String current() {
        Caller caller = CURRENT.get();
        return caller == null ? null : caller.user().orElse(null);
    }

    /** The current request's caller: {@link Caller#EMBEDDED} when the server takes no users. */
    static Caller caller() {
        Caller caller = CURRENT.get();
        return caller == null ? Caller.EMBEDDED : caller;
    }
}
