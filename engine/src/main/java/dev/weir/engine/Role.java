package dev.weir.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user of the server may do; the users file gives each user one. The embedded engine, and a
 * server without users, act as {@link #ADMIN}.
 */
public enum Role {
    /** Everything: DDL, DML, queries, and CANCEL QUERY of anyone's query. */
    ADMIN("everything"),
    /**
     * A reader's rights, and INSERT, UPSERT, UPDATE and DELETE (INSERT ... SELECT included), but no
     * CREATE or DROP.
     */
    WRITER(
            "queries, SHOW, DESCRIBE, EXPLAIN, INSERT, UPSERT, UPDATE, DELETE and CANCEL QUERY of"
                    + " their own queries"),
    /**
     * Snapshot and continuous queries, SHOW, DESCRIBE, EXPLAIN and the catalog's metadata; CANCEL
     * QUERY of the user's own continuous queries.
     */
    READER("queries, SHOW, DESCRIBE, EXPLAIN and CANCEL QUERY of their own queries");

    private final String rights;

    Role(String rights) {
        this.rights = rights;
    }

    /**
     * As written in the users file and in messages: {@code admin}, {@code writer}, {@code reader}.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role {@code label} names, in any case; empty when none does. */
    public static Optional<Role> named(String label) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(label)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** What the role may run, for a refusal's message. */
    String rights() {
        return rights;
    }

    /**
     * Whether the role may run statements of {@code family}. A CANCEL QUERY is every role's: whose
     * query it may cancel is {@link CancelHandler}'s to check. A statement Weir does not support is
     * refused as such, whoever sends it.
     */
    boolean mayRun(StatementFamily family) {
        return switch (family) {
            case QUERY, SHOW_DESCRIBE_EXPLAIN, CANCEL, UNSUPPORTED -> true;
            case DML -> this != READER;
            case DDL -> this == ADMIN;
        };
    }
}
