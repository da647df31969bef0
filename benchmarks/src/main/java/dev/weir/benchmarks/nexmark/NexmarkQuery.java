package dev.weir.benchmarks.nexmark;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One Nexmark query in Weir's dialect.
 *
 * @param name its name, as the Flink runner calls it ({@code q0}, {@code tumble_agg}, ...)
 * @param inputs the streams it reads: their rows are the events it counts as read
 * @param sql the query, with its EMIT clause
 * @param setup statements run before it, each harmless when run again (q13's side-input table)
 */
public record NexmarkQuery(String name, List<String> inputs, String sql, List<String> setup) {
    public NexmarkQuery {
        requireNonNull(name, "name is null");
        inputs = List.copyOf(inputs);
        requireNonNull(sql, "sql is null");
        setup = List.copyOf(setup);
    }

    public NexmarkQuery(String name, List<String> inputs, String sql) {
        this(name, inputs, sql, List.of());
    }
}
