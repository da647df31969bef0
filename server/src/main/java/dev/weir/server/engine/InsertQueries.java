package dev.weir.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.weir.executor.connector.kafka.KafkaSink;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.JobCheckpoint;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.parser.WeirParser;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.StreamDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.calcite.sql.SqlInsert;

/**
 * Persistent {@code INSERT INTO stream SELECT ...} queries: each a job appending its rows to an
 * internal stream or writing them to a Kafka stream, listed in {@code queries/queries.json},
 * checkpointed like materialized views and resumed on start, every row reaching the stream exactly
 * once: see {@link StreamAppendSink} for internal streams and {@link KafkaSink} for Kafka, whose
 * transactions commit with the checkpoints (two-phase) and whose ledger decides which checkpoint a
 * restart resumes from.
 */
final class InsertQueries implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InsertQueries.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;
    private final StreamStorage storage;
    private final Optional<Path> root;
    private final MaterializedViews.JobFactory jobs;
    private final Connectors connectors;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private long nextNumber = 1;

    /** A running INSERT query. */
    record Running(
            String id,
            String sql,
            String target,
            Job job,
            ResultSink sink,
            Optional<ViewCheckpoints> checkpoints) {}

    InsertQueries(
            Catalog catalog,
            StreamStorage storage,
            Optional<Path> root,
            MaterializedViews.JobFactory jobs,
            Connectors connectors) {
        this.catalog = catalog;
        this.storage = storage;
        this.root = root;
        this.jobs = jobs;
        this.connectors = connectors;
    }

    List<Running> running() {
        List<Running> list = new ArrayList<>(running.values());
        list.sort((a, b) -> Long.compare(number(a.id()), number(b.id())));
        return list;
    }

    Optional<Running> find(String id) {
        return Optional.ofNullable(running.get(id));
    }

    private static long number(String id) {
        return Long.parseLong(id.substring(id.indexOf('_') + 1));
    }

    /** Starts a new INSERT query and records it, so that it runs again after a restart. */
    synchronized String create(String sql, Planner.InsertQueryPlan plan) {
        String id = "insert_" + nextNumber++;
        root.map(r -> r.resolve(id)).ifPresent(Files2::deleteRecursively);
        Optional<KafkaSink> kafka = kafkaSink(id, plan.target(), true);
        if (kafka.isPresent()) {
            try {
                kafka.get().recover(); // a new query: connects and fences, nothing to resume
            } catch (RuntimeException e) {
                root.map(r -> r.resolve(id)).ifPresent(Files2::deleteRecursively);
                throw e;
            }
        }
        Running query = open(id, sql, plan, Optional.empty(), kafka);
        running.put(id, query);
        saveRegistry();
        query.job().start();
        return id;
    }

    /** Starts every recorded query again from its newest readable checkpoint. */
    synchronized void recoverAll() {
        if (root.isEmpty() || !Files.exists(registry())) {
            return;
        }
        JsonNode entries;
        try {
            entries = JSON.readTree(registry().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + registry(), e);
        }
        for (JsonNode entry : entries) {
            String id = entry.path("id").asText();
            String sql = entry.path("sql").asText();
            nextNumber = Math.max(nextNumber, number(id) + 1);
            Planner.InsertQueryPlan plan =
                    new Planner(catalog).insertQuery((SqlInsert) WeirParser.parseStatement(sql));
            Optional<KafkaSink> kafka = kafkaSink(id, plan.target(), false);
            long committed = Long.MAX_VALUE;
            if (kafka.isPresent()) {
                try {
                    committed = kafka.get().recover();
                } catch (RuntimeException e) {
                    // Without the ledger there is no telling which checkpoint is safe; the query
                    // stays recorded and is tried again at the next start.
                    LOG.log(
                            Level.SEVERE,
                            "Persistent query " + id + " not resumed: " + e.getMessage());
                    continue;
                }
            }
            Running query = null;
            for (ViewCheckpoints.Stored stored :
                    new ViewCheckpoints(root.get().resolve(id).resolve("checkpoints")).list()) {
                if (stored.number() > committed) {
                    // Its Kafka transaction never committed (recover() just aborted it): resume
                    // from an older checkpoint and write those rows again.
                    LOG.info(
                            "Query "
                                    + id
                                    + ": checkpoint "
                                    + stored.number()
                                    + " was not committed to Kafka; discarding it.");
                    Files2.deleteRecursively(stored.directory());
                    continue;
                }
                try {
                    query = open(id, sql, plan, Optional.of(stored), kafka);
                    break;
                } catch (RuntimeException e) {
                    LOG.log(
                            Level.WARNING,
                            "Skipping the checkpoint "
                                    + stored.directory()
                                    + " of query "
                                    + id
                                    + ": "
                                    + e.getMessage());
                }
            }
            if (query == null) {
                if (kafka.isPresent() && committed >= 0) {
                    LOG.warning(
                            "Query "
                                    + id
                                    + " has output committed to Kafka up to checkpoint "
                                    + committed
                                    + " but no readable checkpoint to resume from: it starts"
                                    + " again from the beginning of its input, writing its rows"
                                    + " again.");
                }
                query = open(id, sql, plan, Optional.empty(), kafka);
            }
            running.put(id, query);
            query.job().start();
            LOG.info("Persistent query " + id + " resumed: " + sql);
        }
    }

    private Running open(
            String id,
            String sql,
            Planner.InsertQueryPlan plan,
            Optional<ViewCheckpoints.Stored> checkpoint,
            Optional<KafkaSink> kafka) {
        Optional<Path> directory = root.map(r -> r.resolve(id));
        StateBackend state;
        Optional<JobCheckpoint> positions = Optional.empty();
        if (directory.isEmpty()) {
            state = new HeapStateBackend();
        } else {
            Path working = directory.get().resolve("state");
            Files2.deleteRecursively(working);
            if (checkpoint.isPresent()) {
                positions = Optional.of(ViewCheckpoints.read(checkpoint.get()).job());
                state = RocksDbStateBackend.restore(checkpoint.get().state(), working);
            } else {
                state = RocksDbStateBackend.open(working);
            }
        }
        try {
            ResultSink sink;
            if (kafka.isPresent()) {
                sink = kafka.get();
            } else {
                Optional<PublishedRows> published =
                        directory.map(
                                d ->
                                        PublishedRows.open(
                                                d.resolve("published.json"),
                                                storage,
                                                plan.target()));
                sink = new StreamAppendSink(state, storage, plan.target(), published);
            }
            Job job = jobs.compile(id, plan.query().graph(), state, sink);
            positions.ifPresent(job::restore);
            return new Running(
                    id,
                    sql,
                    plan.target(),
                    job,
                    sink,
                    directory.map(d -> new ViewCheckpoints(d.resolve("checkpoints"))));
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /**
     * The writer of a query into a Kafka stream, or empty for an internal stream. Its transactional
     * id is made once per query and kept in the query's directory, so a restart fences the previous
     * run's producer and finds its ledger; unique, so two servers never share one.
     */
    private Optional<KafkaSink> kafkaSink(String id, String target, boolean fresh) {
        CatalogObject object = catalog.find(target).orElseThrow();
        if (!(object instanceof StreamDef stream) || !connectors.isWritable(stream)) {
            return Optional.empty();
        }
        String transactionalId = "weir-" + id + "-" + java.util.UUID.randomUUID();
        if (root.isPresent()) {
            Path file = root.get().resolve(id).resolve("kafka-transactional-id");
            try {
                if (!fresh && Files.exists(file)) {
                    transactionalId = Files.readString(file).strip();
                } else {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, transactionalId);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot keep " + file, e);
            }
        }
        // With a data directory the query is checkpointed and its output published with each
        // checkpoint (exactly once); on the heap nothing is resumed, so the sink commits alone.
        return Optional.of(connectors.kafkaSink(stream, transactionalId, root.isPresent()));
    }

    /** Stops a query for good and deletes its files. */
    synchronized void cancel(String id) {
        Running query = running.remove(id);
        if (query == null) {
            return;
        }
        stop(query);
        saveRegistry();
        root.map(r -> r.resolve(id)).ifPresent(Files2::deleteRecursively);
    }

    private static void stop(Running query) {
        query.job().cancel();
        try {
            query.job().join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checkpoints every query now, so that a restart replays little. */
    void checkpointAll() {
        for (Running query : running()) {
            if (query.checkpoints().isEmpty()
                    || !query.job().isCheckpointable()
                    || !query.job().status().equals("RUNNING")) {
                continue;
            }
            ViewCheckpoints checkpoints = query.checkpoints().get();
            long number = checkpoints.nextNumber();
            Path building = checkpoints.inProgress(number);
            try {
                Files.createDirectories(building);
                JobCheckpoint positions =
                        query.job()
                                .checkpoint(building.resolve("state"), number)
                                .get(60, TimeUnit.SECONDS);
                try {
                    checkpoints.commit(number, query.sql(), positions);
                } catch (RuntimeException e) {
                    query.job().checkpointAborted(number);
                    throw e;
                }
                // Durable: now the sink publishes what it prepared with it (two-phase).
                query.job().checkpointCompleted(number, positions).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                Files2.deleteRecursively(building);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                LOG.log(Level.WARNING, "A checkpoint of query " + query.id() + " failed", e);
            }
        }
    }

    private Path registry() {
        return root.orElseThrow().resolve("queries.json");
    }

    private void saveRegistry() {
        if (root.isEmpty()) {
            return;
        }
        ArrayNode entries = JSON.createArrayNode();
        for (Running query : running()) {
            entries.addObject().put("id", query.id()).put("sql", query.sql());
        }
        try {
            Files.createDirectories(root.get());
            Path temporary = registry().resolveSibling("queries.json.tmp");
            Files.write(
                    temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
            Files.move(temporary, registry(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + registry(), e);
        }
    }

    @Override
    public void close() {
        checkpointAll();
        for (Running query : running.values()) {
            stop(query);
        }
        running.clear();
    }
}
