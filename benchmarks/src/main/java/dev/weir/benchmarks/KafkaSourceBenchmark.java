package dev.weir.benchmarks;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.SourceSchema;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Reading a Kafka topic: starts a one-node broker in-process (KRaft), writes {@code records} JSON
 * bids to a topic of {@code partitions} partitions, then measures (1) the kafka source alone,
 * polling and decoding, and (2) a materialized view counting the topic, end to end. {@code java -cp
 * benchmarks/target/benchmarks.jar dev.weir.benchmarks.KafkaSourceBenchmark [records]
 * [partitions]}.
 */
public final class KafkaSourceBenchmark {
    // The broker logs much at INFO, under several names; only the figures matter here.
    private static final List<Logger> QUIET = List.of(Logger.getLogger(""));

    private KafkaSourceBenchmark() {}

    public static void main(String[] args) throws Exception {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        java.util.Arrays.stream(QUIET.get(0).getHandlers()).forEach(h -> h.setLevel(Level.WARNING));
        long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("weir-kafka-bench");
        KafkaRaftServer broker = startBroker(dir);
        try {
            String servers = "127.0.0.1:" + brokerPort;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
                admin.createTopics(List.of(new NewTopic("bids", partitions, (short) 1)))
                        .all()
                        .get();
            }
            long started = System.nanoTime();
            write(servers, records);
            report("written (producer, acks=all)", records, started);

            Map<String, String> options =
                    Map.of(
                            "connector", "kafka",
                            "topic", "bids",
                            "bootstrap.servers", servers,
                            "format", "json");
            SourceSchema schema =
                    SourceSchema.of(
                                    List.of("auction", "bidder", "price", "bidtime"),
                                    List.of(
                                            ValueType.BIGINT,
                                            ValueType.BIGINT,
                                            ValueType.DECIMAL,
                                            ValueType.TIMESTAMP))
                            .withTimeColumn("bidtime");
            for (int round = 0; round < 2; round++) {
                started = System.nanoTime();
                long read = 0;
                try (SourceReader source = Connectors.builtIn().open(options, schema)) {
                    while (read < records) {
                        List<Row> rows = source.poll(1024);
                        read += rows.size();
                        if (rows.isEmpty()) {
                            Thread.sleep(1);
                        }
                    }
                }
                report(
                        "read and decoded by the kafka source (run " + (round + 1) + ")",
                        read,
                        started);
            }

            try (Engine engine = Engine.inMemory()) {
                engine.execute(
                        "CREATE STREAM bids (auction BIGINT, bidder BIGINT, price DECIMAL(10, 2),"
                                + " bidtime TIMESTAMP(3) NOT NULL,"
                                + " WATERMARK FOR bidtime AS bidtime - INTERVAL '4' SECOND)"
                                + " WITH ('connector' = 'kafka', 'topic' = 'bids',"
                                + " 'bootstrap.servers' = '"
                                + servers
                                + "', 'format' = 'json')");
                started = System.nanoTime();
                engine.execute(
                        "CREATE MATERIALIZED VIEW n AS SELECT COUNT(*) AS c, SUM(price) AS s FROM"
                                + " bids");
                while (count(engine) < records) {
                    Thread.sleep(5);
                }
                report("counted by a materialized view (engine, end to end)", records, started);
            }
        } finally {
            broker.shutdown();
            broker.awaitShutdown();
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static long count(Engine engine) {
        List<Object[]> rows = ((StatementResult.Rows) engine.execute("SELECT c FROM n")).rows();
        return rows.isEmpty() || rows.get(0)[0] == null ? 0 : ((Number) rows.get(0)[0]).longValue();
    }

    private static void report(String what, long records, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "%,d records %s in %.2f s: %,.0f records/s%n",
                records,
                what,
                seconds,
                records / seconds);
    }

    private static void write(String servers, long records) {
        Map<String, Object> config =
                Map.of(
                        "bootstrap.servers",
                        servers,
                        "acks",
                        "all",
                        "linger.ms",
                        5,
                        "batch.size",
                        262_144);
        long base = 1_767_254_400_000L;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < records; i++) {
                String bid =
                        "{\"auction\": "
                                + (1000 + i % 997)
                                + ", \"bidder\": "
                                + (i % 10_007)
                                + ", \"price\": "
                                + (i % 5000) / 100
                                + "."
                                + String.format(Locale.ROOT, "%02d", i % 100)
                                + ", \"bidtime\": "
                                + (base + i)
                                + "}";
                producer.send(new ProducerRecord<>("bids", bid.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static int brokerPort;

    private static KafkaRaftServer startBroker(Path dir) throws Exception {
        String logs = dir.resolve("logs").toString();
        brokerPort = freePort();
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
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // The broker upper-cases settings in the default locale ("classic" in Turkish breaks).
        Locale locale = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try {
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
            return server;
        } finally {
            Locale.setDefault(locale);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
