package dev.weir.server.avatica;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The user an Avatica request was authenticated as, for the protocol layer that runs it on the same
 * thread: Avatica's service interface carries no caller, and HTTP authenticates each request.
 */
public final class RequestUser {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestUser() {}

    /** Runs {@code work} on behalf of {@code user} (empty when the server takes no users). */
    public static <T> T runAs(Optional<String> user, Supplier<T> work) {
        String before = CURRENT.get();
        CURRENT.set(user.orElse(null));
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
        return CURRENT.get();
    }
}
