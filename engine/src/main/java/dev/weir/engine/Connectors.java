package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import dev.weir.executor.connector.file.FileFormat;
import dev.weir.executor.connector.file.FileSource;
import dev.weir.executor.connector.kafka.KafkaSink;
import dev.weir.executor.connector.nexmark.NexmarkConfig;
import dev.weir.executor.connector.nexmark.NexmarkSource;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.plan.FieldSpec;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.physical.ValueTypes;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.WeirTypeSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;

/**
 * Opens the streams read through a connector ({@code WITH ('connector' = ...)}): {@code nexmark},
 * {@code file} and {@code kafka} (the last through the executor's {@link
 * dev.weir.executor.connector.Connectors}, which also writes Kafka streams). Options are checked
 * when the stream is created, so a bad one fails the CREATE STREAM, not a query later; checking
 * never touches the network.
 */
public final class Connectors {
    private static final Set<String> NEXMARK_OPTIONS =
            Set.of("connector", "table", "events-per-second", "max-events", "seed", "base-time");
    private static final Set<String> FILE_OPTIONS =
            Set.of("connector", "path", "format", "tail", "header");

    private final LongSupplier clock;
    private final dev.weir.executor.connector.Connectors kafka;

    private Connectors(LongSupplier clock) {
        this.clock = clock;
        this.kafka = dev.weir.executor.connector.Connectors.withClock(clock);
    }

    public static Connectors builtIn() {
        return new Connectors(System::currentTimeMillis);
    }

    void validate(StreamDef stream) {
        Map<String, String> options = stream.options();
        String connector = options.get("connector");
        switch (connector.toLowerCase(Locale.ROOT)) {
            case "nexmark" -> {
                known(options, NEXMARK_OPTIONS, connector);
                NexmarkTable table = nexmarkTable(options);
                nexmarkConfig(options);
                checkColumns(stream, table);
            }
            case "file" -> {
                known(options, FILE_OPTIONS, connector);
                required(options, "path");
                FileFormat.of(required(options, "format"));
                bool(options, "tail");
                bool(options, "header");
            }
            case "kafka" -> kafka.validate(options, schemaOf(stream));
            default ->
                    throw invalid(
                            "Unknown connector '"
                                    + connector
                                    + "'; the connectors are 'nexmark', 'file' and 'kafka'.");
        }
    }

    /** Whether {@code INSERT} can write into the stream: Kafka streams. */
    boolean isWritable(StreamDef stream) {
        return !stream.isInternal() && stream.options().get("connector").equalsIgnoreCase("kafka");
    }

    /** The writer of a persistent INSERT INTO a Kafka stream (see {@link KafkaSink}). */
    KafkaSink kafkaSink(StreamDef stream, String transactionalId, boolean checkpointed) {
        return kafka.sink(stream.options(), schemaOf(stream), transactionalId, checkpointed);
    }

    /** Writes the rows of INSERT INTO a Kafka stream VALUES, committed before this returns. */
    void append(StreamDef stream, List<Row> rows) {
        kafka.append(stream.options(), schemaOf(stream), rows);
    }

    /** The rows a stream's connector produces or takes: its columns, NOT NULL and time column. */
    static SourceSchema schemaOf(StreamDef stream) {
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);
        List<SourceSchema.Column> columns = new ArrayList<>();
        int time = -1;
        for (ColumnDef c : stream.columns()) {
            if (stream.watermark().isPresent()
                    && c.name().equalsIgnoreCase(stream.watermark().get())) {
                time = columns.size();
            }
            columns.add(
                    new SourceSchema.Column(
                            c.name(), ValueTypes.of(CatalogSchema.typeOf(c, types)), c.nullable()));
        }
        return new SourceSchema(columns, time);
    }

    boolean isBounded(Map<String, String> options) {
        return switch (options.get("connector").toLowerCase(Locale.ROOT)) {
            case "nexmark" -> nexmarkConfig(options).maxEvents() > 0;
            case "file" -> !bool(options, "tail");
            case "kafka" -> kafka.isBounded(options);
            default -> false;
        };
    }

    SourceFunction open(
            String stream, Map<String, String> options, List<FieldSpec> fields, int timeField) {
        return switch (options.get("connector").toLowerCase(Locale.ROOT)) {
            case "nexmark" ->
                    new NexmarkSource(nexmarkTable(options), nexmarkConfig(options), clock, 0);
            case "file" ->
                    new FileSource(
                            Path.of(required(options, "path")),
                            FileFormat.of(required(options, "format")),
                            fields.stream().map(FieldSpec::name).toList(),
                            fields.stream().map(FieldSpec::type).toList(),
                            bool(options, "header"),
                            bool(options, "tail"));
            case "kafka" -> kafka.open(options, schemaOf(fields, timeField));
            default -> throw invalid("Unknown connector '" + options.get("connector") + "'.");
        };
    }

    private static SourceSchema schemaOf(List<FieldSpec> fields, int timeField) {
        List<SourceSchema.Column> columns = new ArrayList<>();
        for (FieldSpec f : fields) {
            columns.add(new SourceSchema.Column(f.name(), f.type(), f.nullable()));
        }
        return new SourceSchema(columns, timeField);
    }

    private static NexmarkTable nexmarkTable(Map<String, String> options) {
        String table = required(options, "table");
        try {
            return NexmarkTable.of(table);
        } catch (IllegalArgumentException e) {
            throw invalid(
                    "Option 'table' must be 'person', 'auction' or 'bid', not '" + table + "'.");
        }
    }

    private static NexmarkConfig nexmarkConfig(Map<String, String> options) {
        long rate = number(options, "events-per-second", 0);
        // Paced, event time runs with the wall clock; unpaced, at the benchmark's 10,000/s.
        return new NexmarkConfig(
                rate,
                number(options, "max-events", 0),
                number(options, "seed", 0),
                number(options, "base-time", NexmarkConfig.DEFAULT_BASE_TIME),
                rate > 0 ? rate : 10_000);
    }

    /** The declared columns must be the Nexmark table's, in its order. */
    private static void checkColumns(StreamDef stream, NexmarkTable table) {
        List<NexmarkTable.Column> expected = table.columns();
        List<ColumnDef> declared = stream.columns();
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);
        boolean matches = declared.size() == expected.size();
        for (int i = 0; matches && i < declared.size(); i++) {
            ValueType type = ValueTypes.of(CatalogSchema.typeOf(declared.get(i), types));
            matches =
                    declared.get(i).name().equalsIgnoreCase(expected.get(i).name())
                            && type == expected.get(i).type();
        }
        if (!matches) {
            List<String> columns = new ArrayList<>();
            for (NexmarkTable.Column c : expected) {
                columns.add(
                        c.name()
                                + " "
                                + (c.type() == ValueType.TIMESTAMP ? "TIMESTAMP(3)" : c.type()));
            }
            throw invalid(
                    "A Nexmark '"
                            + table.name().toLowerCase(Locale.ROOT)
                            + "' stream has the columns ("
                            + String.join(", ", columns)
                            + ").");
        }
    }

    private static void known(Map<String, String> options, Set<String> known, String connector) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw invalid(
                        "Unknown option '"
                                + key
                                + "' for connector '"
                                + connector
                                + "'; its options are "
                                + new java.util.TreeSet<>(known)
                                + ".");
            }
        }
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw invalid("Option '" + key + "' is required.");
        }
        return value;
    }

    private static long number(Map<String, String> options, String key, long otherwise) {
        String value = options.get(key);
        if (value == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < 0) {
                throw invalid("Option '" + key + "' must not be negative, not '" + value + "'.");
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid("Option '" + key + "' must be a whole number, not '" + value + "'.");
        }
    }

    private static boolean bool(Map<String, String> options, String key) {
        String value = options.getOrDefault(key, "false").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw invalid(
                            "Option '" + key + "' must be 'true' or 'false', not '" + value + "'.");
        };
    }

    private static WeirException invalid(String message) {
        return new WeirException(ErrorCode.INVALID_OPTION, Optional.empty(), message);
    }
}
