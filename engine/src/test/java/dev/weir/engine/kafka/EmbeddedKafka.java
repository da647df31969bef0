package dev.weir.engine.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM for tests: one node in KRaft combined mode (broker and
 * controller), no ZooKeeper, no Docker, on free loopback ports, its logs in a temporary directory
 * deleted on close. Everything comes from Maven Central ({@code kafka_2.13}). The helpers take and
 * return plain strings, so tests need no Kafka types.
 */
public final class EmbeddedKafka implements AutoCloseable {
    // Strong references: java.util.logging forgets the level of a logger nobody holds.
    private static final List<Logger> QUIET =
            List.of(Logger.getLogger("org.apache.kafka"), Logger.getLogger("kafka"));

    static {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
    }

    private final Path directory;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;

    private EmbeddedKafka(Path directory, KafkaRaftServer server, String bootstrapServers) {
        this.directory = directory;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("acks", "all");
        config.put("linger.ms", 0);
        this.producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Formats a log directory and starts the broker; a few seconds. */
    public static EmbeddedKafka start() throws Exception {
        Path directory = Files.createTempDirectory("weir-kafka");
        String logs = directory.resolve("logs").toString();
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logs);
        // One node: every internal topic with one replica, and few partitions to start quickly.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // The broker upper-cases settings with the default locale: in the Turkish one the tests run
        // in, its "classic" becomes "CLASSİC" and it refuses to start. It starts in the root
        // locale; Weir and the Kafka clients it uses stay in the tests' locale.
        Locale locale = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try {
            return start(directory, logs, p, brokerPort);
        } finally {
            Locale.setDefault(locale);
        }
    }

    private static EmbeddedKafka start(Path directory, String logs, Properties p, int brokerPort)
            throws Exception {
        KafkaConfig config = new KafkaConfig(p);
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logs))
                .setMetadataLogDirectory(logs)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setControllerListenerName("CONTROLLER")
                .run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(directory, server, "127.0.0.1:" + brokerPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Writes {@code values} to one partition, in order, and waits until they are stored.
     *
     * @throws java.util.concurrent.ExecutionException if one was not (a flush alone would not say:
     *     a record whose delivery timed out is dropped silently)
     */
    public void produce(String topic, int partition, List<String> values) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (String value : values) {
            sent.add(
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    partition,
                                    null,
                                    value == null
                                            ? null
                                            : value.getBytes(StandardCharsets.UTF_8))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> future : sent) {
            future.get();
        }
    }

    /**
     * Every committed record of the topic, read with {@code isolation.level=read_committed} up to
     * each partition's end now, as {@code partition:value}, partitions in order.
     */
    public List<String> readCommitted(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .sorted(Comparator.comparingInt(TopicPartition::partition))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<Integer, List<String>> values = new TreeMap<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the topic '" + topic + "' was not read");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    values.computeIfAbsent(r.partition(), k -> new ArrayList<>())
                            .add(
                                    r.partition()
                                            + ":"
                                            + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            List<String> all = new ArrayList<>();
            values.values().forEach(all::addAll);
            return all;
        }
    }

    /** The committed offsets of a consumer group on the topic, by partition. */
    public Map<Integer, Long> committedOffsets(String group, String topic, int partitions) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("group.id", group);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<TopicPartition> set = new java.util.HashSet<>();
            for (int i = 0; i < partitions; i++) {
                set.add(new TopicPartition(topic, i));
            }
            Map<Integer, Long> offsets = new TreeMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e :
                    consumer.committed(set, Duration.ofSeconds(30)).entrySet()) {
                if (e.getValue() != null) {
                    offsets.put(e.getKey().partition(), e.getValue().offset());
                }
            }
            return offsets;
        }
    }

    @Override
    public void close() throws IOException {
        producer.close(Duration.ofSeconds(5));
        server.shutdown();
        server.awaitShutdown();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
