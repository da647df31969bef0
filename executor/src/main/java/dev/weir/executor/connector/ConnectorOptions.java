package dev.weir.executor.connector;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A connector's {@code WITH} options, read with errors that name the option and the connector. */
final class ConnectorOptions {
    private final String connector;
    private final Map<String, String> options;

    ConnectorOptions(String connector, Map<String, String> options) {
        this.connector = connector;
        this.options = options;
    }

    /** Fails on an option the connector does not know, listing those it does. */
    void allowOnly(Set<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw invalid(
                        "Unknown option '"
                                + key
                                + "' for connector '"
                                + connector
                                + "'; its options are "
                                + String.join(", ", new TreeSet<>(known))
                                + ".");
            }
        }
    }

    String required(String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw invalid("Option '" + key + "' is required for connector '" + connector + "'.");
        }
        return value.strip();
    }

    Optional<String> optional(String key) {
        return Optional.ofNullable(options.get(key)).map(String::strip);
    }

    /** A whole number of at least {@code min}, or {@code otherwise} if the option is absent. */
    long number(String key, long min, long otherwise) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw invalid(
                    "Option '" + key + "' must be a whole number, not '" + value.get() + "'.");
        }
        if (n < min) {
            throw invalid(
                    "Option '"
                            + key
                            + "' must be at least "
                            + min
                            + ", not '"
                            + value.get()
                            + "'.");
        }
        return n;
    }

    boolean bool(String key) {
        String value = optional(key).orElse("false");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw invalid(
                            "Option '" + key + "' must be 'true' or 'false', not '" + value + "'.");
        };
    }

    /** One of {@code choices} (case-insensitive), in lower case. */
    String choice(String key, Set<String> choices) {
        String value = required(key);
        String lower = value.toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw invalid(
                    "Option '"
                            + key
                            + "' must be one of "
                            + String.join(", ", new TreeSet<>(choices))
                            + ", not '"
                            + value
                            + "'.");
        }
        return lower;
    }

    static WeirException invalid(String message) {
        return new WeirException(ErrorCode.INVALID_OPTION, Optional.empty(), message);
    }
}
