package dev.weir.executor.connector;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.file.FileFormat;
import dev.weir.executor.connector.file.FileOptions;
import dev.weir.executor.connector.file.FileSource;
import dev.weir.executor.connector.file.RecordEncoder;
import dev.weir.executor.connector.kafka.KafkaAppender;
import dev.weir.executor.connector.kafka.KafkaOptions;
import dev.weir.executor.connector.kafka.KafkaSink;
import dev.weir.executor.connector.kafka.KafkaSource;
import dev.weir.executor.connector.kafka.StartupMode;
import dev.weir.executor.connector.nexmark.NexmarkConfig;
import dev.weir.executor.connector.nexmark.NexmarkSource;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Builds the reader of a stream declared {@code WITH ('connector' = ...)}: {@code nexmark}, {@code
 * file} or {@code kafka} (and, for {@code kafka}, its writers). {@link #validate} checks the
 * options alone, without touching the network, so CREATE STREAM can fail on a bad option rather
 * than a query later, and never waits for a broker; every problem is an INVALID_OPTION naming the
 * option.
 */
public final class Connectors {
    private static final Set<String> NEXMARK_OPTIONS =
            Set.of("connector", "table", "events-per-second", "max-events", "seed", "base-time");
    private static final Set<String> FILE_OPTIONS =
            Set.of("connector", "path", "format", "tail", "header");
    private static final Set<String> NEXMARK_TABLES = Set.of("person", "auction", "bid");
    private static final Set<String> KAFKA_OPTIONS =
            Set.of(
                    "connector",
                    "topic",
                    "bootstrap.servers",
                    "format",
                    "scan.startup.mode",
                    "scan.watermark.idle-timeout");
    private static final String KAFKA_PROPERTIES = "properties.";
    // Settings Weir decides itself: letting them through would break a promise it makes.
    private static final Set<String> KAFKA_RESERVED =
            Set.of(
                    "bootstrap.servers",
                    "key.deserializer",
                    "value.deserializer",
                    "key.serializer",
                    "value.serializer",
                    "enable.auto.commit",
                    "auto.offset.reset",
                    "allow.auto.create.topics",
                    "enable.idempotence",
                    "acks",
                    "transactional.id");
    private static final long KAFKA_DEFAULT_TIMEOUT_MILLIS = 30_000;

    private final LongSupplier clock;
    private final boolean liveFeeds;

    private Connectors(LongSupplier clock, boolean liveFeeds) {
        this.clock = clock;
        this.liveFeeds = liveFeeds;
    }

    /** Connectors paced by the system clock. */
    public static Connectors builtIn() {
        return new Connectors(System::currentTimeMillis, false);
    }

    /** Connectors paced by {@code clock} (milliseconds): for tests. */
    public static Connectors withClock(LongSupplier clock) {
        return new Connectors(clock, false);
    }

    /**
     * These connectors, except that a paced Nexmark stream read from its start joins the feed at
     * the event of now, as a consumer of a live feed would ({@link NexmarkConfig#live()}); a
     * restored position is still replayed exactly. What a server's users expect of a paced
     * generator: its past has happened already.
     */
    public Connectors joiningLiveFeeds() {
        return new Connectors(clock, true);
    }

    /** Checks the options against the connector and the schema, without opening anything. */
    public void validate(Map<String, String> options, SourceSchema schema) {
        switch (connector(options)) {
            case "nexmark" -> nexmarkConfig(options, schema, liveFeeds);
            case "file" -> fileSource(options, schema);
            case "kafka" -> kafkaOptions(options);
            default -> throw new AssertionError("checked by connector()");
        }
    }

    /** Whether the stream ends by itself (then its end is final: windows all fire). */
    public boolean isBounded(Map<String, String> options) {
        ConnectorOptions read = new ConnectorOptions(connector(options), options);
        return switch (connector(options)) {
            case "nexmark" -> read.number("max-events", 0, 0) > 0;
            case "file" -> !read.bool("tail");
            default -> false;
        };
    }

    /** A reader of the stream, not yet opened: open it at a position, or poll from the start. */
    public SourceReader open(Map<String, String> options, SourceSchema schema) {
        return switch (connector(options)) {
            case "nexmark" ->
                    new NexmarkSource(
                            nexmarkTable(options),
                            nexmarkConfig(options, schema, liveFeeds),
                            clock);
            case "file" -> fileSource(options, schema);
            case "kafka" -> new KafkaSource(kafkaOptions(options), schema);
            default -> throw new AssertionError("checked by connector()");
        };
    }

    /** Whether rows can be written into the stream ({@code INSERT}): Kafka streams only. */
    public boolean isWritable(Map<String, String> options) {
        return connector(options).equals("kafka");
    }

    /**
     * The writer of a persistent {@code INSERT INTO kafka_stream SELECT}: see {@link KafkaSink}.
     *
     * @param schema the stream's columns, in the order of the rows written
     */
    public KafkaSink sink(
            Map<String, String> options,
            SourceSchema schema,
            String transactionalId,
            boolean checkpointed) {
        KafkaOptions kafka = kafkaOptions(requireKafka(options));
        return new KafkaSink(
                kafka,
                RecordEncoder.of(kafka.format(), schema),
                transactionalId,
                checkpointed,
                clock);
    }

    /** {@code INSERT INTO kafka_stream VALUES ...}: written and committed before this returns. */
    public void append(Map<String, String> options, SourceSchema schema, List<Row> rows) {
        KafkaOptions kafka = kafkaOptions(requireKafka(options));
        KafkaAppender.append(kafka, RecordEncoder.of(kafka.format(), schema), rows);
    }

    private static Map<String, String> requireKafka(Map<String, String> options) {
        if (!connector(options).equals("kafka")) {
            throw new IllegalArgumentException("not a Kafka stream");
        }
        return options;
    }

    private static String connector(Map<String, String> options) {
        String connector = options.get("connector");
        if (connector == null || connector.isBlank()) {
            throw ConnectorOptions.invalid("Option 'connector' is required.");
        }
        String name = connector.strip().toLowerCase(Locale.ROOT);
        if (!name.equals("nexmark") && !name.equals("file") && !name.equals("kafka")) {
            throw ConnectorOptions.invalid(
                    "Unknown connector '"
                            + connector
                            + "'; the connectors are 'file', 'kafka', 'nexmark'.");
        }
        return name;
    }

    private static NexmarkTable nexmarkTable(Map<String, String> options) {
        return NexmarkTable.of(
                new ConnectorOptions("nexmark", options).choice("table", NEXMARK_TABLES));
    }

    private static NexmarkConfig nexmarkConfig(
            Map<String, String> options, SourceSchema schema, boolean liveFeeds) {
        ConnectorOptions read = new ConnectorOptions("nexmark", options);
        read.allowOnly(NEXMARK_OPTIONS);
        NexmarkTable table = nexmarkTable(options);
        long rate = read.number("events-per-second", 0, 0);
        long maxEvents = read.number("max-events", 0, 0);
        long seed = read.number("seed", Long.MIN_VALUE, 0);
        long baseTime = read.number("base-time", Long.MIN_VALUE, NexmarkConfig.DEFAULT_BASE_TIME);
        if (!table.matches(schema)) {
            throw ConnectorOptions.invalid(
                    "A Nexmark '"
                            + table.name().toLowerCase(Locale.ROOT)
                            + "' stream has the columns ("
                            + describe(table)
                            + ").");
        }
        // Paced, event time runs as fast as the events come; unpaced, at Nexmark's 10,000/s.
        long eventTimeRate = rate > 0 ? rate : NexmarkConfig.DEFAULT_EVENT_TIME_RATE;
        return new NexmarkConfig(
                rate, maxEvents, seed, baseTime, eventTimeRate, liveFeeds && rate > 0);
    }

    private static String describe(NexmarkTable table) {
        List<String> columns = new ArrayList<>();
        for (NexmarkTable.Column c : table.columns()) {
            String type = c.type() == ValueType.TIMESTAMP ? "TIMESTAMP(3)" : c.type().name();
            columns.add(c.name() + " " + type);
        }
        return String.join(", ", columns);
    }

    private static FileSource fileSource(Map<String, String> options, SourceSchema schema) {
        FileOptions file = fileOptions(options);
        return new FileSource(file.path(), file.format(), schema, file.header(), file.tail());
    }

    /**
     * A {@code file} stream's options, checked as {@link #validate} checks them: for a runner that
     * reads the file its own way (the Flink runner).
     */
    public static FileOptions fileOptions(Map<String, String> options) {
        ConnectorOptions read = new ConnectorOptions("file", options);
        read.allowOnly(FILE_OPTIONS);
        Path path;
        try {
            path = Path.of(read.required("path"));
        } catch (InvalidPathException e) {
            throw ConnectorOptions.invalid(
                    "Option 'path' is not a valid path: " + e.getMessage() + ".");
        }
        FileFormat format = FileFormat.of(read.choice("format", Set.of("csv", "json")));
        boolean header = read.bool("header");
        if (header && format != FileFormat.CSV) {
            throw ConnectorOptions.invalid("Option 'header' applies to format 'csv' only.");
        }
        return new FileOptions(path, format, header, read.bool("tail"));
    }

    /**
     * A {@code kafka} stream's options, checked as {@link #validate} checks them: for a runner that
     * reads the topic its own way (the Flink runner).
     */
    public static KafkaOptions kafkaOptions(Map<String, String> options) {
        ConnectorOptions read = new ConnectorOptions("kafka", options);
        read.allowOnly(KAFKA_OPTIONS, Optional.of(KAFKA_PROPERTIES));
        String topic = read.required("topic");
        String servers = read.required("bootstrap.servers");
        FileFormat format = FileFormat.of(read.choice("format", Set.of("csv", "json")));
        StartupMode mode =
                StartupMode.valueOf(
                        read.choice(
                                        "scan.startup.mode",
                                        Set.of("earliest", "latest", "committed"),
                                        "earliest")
                                .toUpperCase(Locale.ROOT));
        Map<String, String> properties = read.withPrefix(KAFKA_PROPERTIES);
        for (String key : properties.keySet()) {
            if (KAFKA_RESERVED.contains(key)) {
                throw ConnectorOptions.invalid(
                        "Option '"
                                + KAFKA_PROPERTIES
                                + key
                                + "' cannot be set: Weir sets it"
                                + (key.equals("bootstrap.servers")
                                        ? " from 'bootstrap.servers'."
                                        : " itself to keep its guarantees."));
            }
        }
        Optional<String> group = Optional.ofNullable(properties.get("group.id"));
        if (group.isPresent() && group.get().isBlank()) {
            throw ConnectorOptions.invalid("Option 'properties.group.id' must not be empty.");
        }
        if (mode == StartupMode.COMMITTED && group.isEmpty()) {
            throw ConnectorOptions.invalid(
                    "Option 'properties.group.id' is required for connector 'kafka' with"
                            + " 'scan.startup.mode' = 'committed': the group whose offsets to start"
                            + " from.");
        }
        long timeout =
                read.number(
                        KAFKA_PROPERTIES + "default.api.timeout.ms",
                        1,
                        KAFKA_DEFAULT_TIMEOUT_MILLIS);
        long idle = read.duration("scan.watermark.idle-timeout", 0);
        return new KafkaOptions(topic, servers, format, mode, group, idle, properties, timeout);
    }
}
