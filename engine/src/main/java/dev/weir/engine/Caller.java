package dev.weir.engine;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who runs a statement: the user the server authenticated, and their role. The embedded engine and
 * a server without users run statements as {@link #EMBEDDED}, who may do everything.
 *
 * @param user the user's name; empty when nobody logged in
 */
public record Caller(Optional<String> user, Role role) {
    /** Nobody in particular, with every right: the embedded engine, a server without users. */
    public static final Caller EMBEDDED = new Caller(Optional.empty(), Role.ADMIN);

    public Caller {
        requireNonNull(user, "user is null");
        requireNonNull(role, "role is null");
    }

    /** The user {@code name}, with {@code role}. */
    public static Caller of(String name, Role role) {
        return new Caller(Optional.of(name), role);
    }

    /** Whether this caller may cancel a continuous query started by {@code owner}. */
    boolean mayCancelQueryOf(Optional<String> owner) {
        return role == Role.ADMIN || user.isPresent() && user.equals(owner);
    }

    /** For messages: {@code user 'ann' (role reader)}. */
    String describe() {
        return user.map(u -> "user '" + u + "'").orElse("this session")
                + " (role "
                + role.label()
                + ")";
    }
}
