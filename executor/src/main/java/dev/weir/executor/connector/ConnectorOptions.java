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
        allowOnly(known, Optional.empty());
    }

    /** As {@link #allowOnly(Set)}, also allowing every option that starts with {@code prefix}. */
    void allowOnly(Set<String> known, Optional<String> prefix) {
        for (String key : options.keySet()) {
            if (!known.contains(key) && !(prefix.isPresent() && key.startsWith(prefix.get()))) {
                throw invalid(
                        "Unknown option '"
                                + key
                                + "' for connector '"
                                + connector
                                + "'; its options are "
                                + String.join(", ", new TreeSet<>(known))
                                + prefix.map(p -> " and '" + p + "*'").orElse("")
                                + ".");
            }
        }
    }

    /** The options starting with {@code prefix}, the prefix cut off. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new java.util.TreeMap<>();
        options.forEach(
                (key, value) -> {
                    if (key.startsWith(prefix)) {
                        found.put(key.substring(prefix.length()), value.strip());
                    }
                });
        return found;
    }

    /**
     * A duration written {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h}, in milliseconds, or
     * {@code otherwise} if the option is absent.
     */
    long duration(String key, long otherwise) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return otherwise;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)")
                        .matcher(value.get().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(
                    "Option '"
                            + key
                            + "' must be a duration such as '500ms', '10s', '2m' or '1h', not '"
                            + value.get()
                            + "'.");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
    }

    /** As {@link #choice(String, Set)}, or {@code otherwise} if the option is absent. */
    String choice(String key, Set<String> choices, String otherwise) {
        return optional(key).isEmpty() ? otherwise : choice(key, choices);
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
