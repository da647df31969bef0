package dev.weir.engine;

import dev.weir.common.error.WeirException;
import dev.weir.executor.connector.kafka.KafkaSink;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.JobCheckpoint;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbDisk;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.parser.WeirParser;
import dev.weir.plan.PlanState;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.StreamDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>{@code queries.json} is the commit point of starting and cancelling one, as the catalog is of
 * CREATE and DROP: a query's directory ({@code queries/<id>}) without an entry there is a leftover
 * that the next start deletes ({@link DataDirectory}).
 */
final class InsertQueries implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InsertQueries.class.getName());

    private final Catalog catalog;
    private final StreamStorage storage;
    private final Optional<Path> root;
    private final DurableFiles files;
    private final RocksDbDisk disk;
    private final Optional<InsertQueryList> queryList;
    private final PersistentJobFactory jobs;
    private final StreamConnectors connectors;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final RestartBackoff restarts = new RestartBackoff();
    private long nextNumber = 1;

    /** A running INSERT query. */
    record Running(
            String id,
            String sql,
            String target,
            Job job,
            ResultSink sink,
            Optional<QueryCheckpointer> checkpointer,
            DurabilityFigures.Start start) {
        DurabilityFigures figures() {
            return DurabilityFigures.of(id, start, job, checkpointer);
        }

        Running startingAs(DurabilityFigures.Start how) {
            return new Running(id, sql, target, job, sink, checkpointer, how);
        }

        /** Why the query's job failed, as its sink heard it; null if it did not. */
        Throwable failure() {
            if (sink instanceof StreamAppendSink append) {
                return append.failure();
            }
            return sink instanceof KafkaSink kafka ? kafka.failure() : null;
        }
    }

    InsertQueries(
            Catalog catalog,
            StreamStorage storage,
            Optional<Path> root,
            DurableFiles files,
            RocksDbDisk disk,
            PersistentJobFactory jobs,
            StreamConnectors connectors) {
        this.disk = disk;
        this.catalog = catalog;
        this.storage = storage;
        this.root = root;
        this.files = files;
        this.queryList = root.map(r -> new InsertQueryList(r, files));
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

    /**
     * Starts a new INSERT query and records it, so that it runs again after a restart. The record
     * is the commit point: if it cannot be written, the query is stopped and its files deleted.
     */
    synchronized String create(String sql, Planner.InsertQueryPlan plan) {
        String id = "insert_" + nextNumber++;
        Optional<Path> directory = root.map(r -> r.resolve(id));
        directory.ifPresent(FileTrees::deleteRecursively);
        StateBackend state =
                directory.isPresent()
                        ? RocksDbStateBackend.open(directory.get().resolve("state"), disk)
                        : new HeapStateBackend();
        Running query;
        try {
            Optional<KafkaSink> kafka = kafkaSink(id, plan.target(), true);
            if (kafka.isPresent()) {
                kafka.get().recover(); // a new query: connects and fences, nothing to resume
            }
            query =
                    open(
                            id,
                            sql,
                            plan,
                            state,
                            Optional.empty(),
                            0,
                            DurabilityFigures.Start.CREATED,
                            kafka);
            running.put(id, query);
            saveRegistry();
        } catch (RuntimeException e) {
            running.remove(id);
            state.close(); // the job never started, so it does not close its state itself
            directory.ifPresent(FileTrees::deleteRecursively);
            throw e;
        }
        query.job().start();
        query.job()
                .caughtUp()
                .thenAccept(
                        c ->
                                LOG.info(
                                        "Persistent query "
                                                + id
                                                + " started: caught up with its sources after"
                                                + " reading "
                                                + c.rows()
                                                + " events in "
                                                + c.millis()
                                                + " ms."));
        return id;
    }

    /**
     * Starts every recorded query again from its newest usable checkpoint.
     *
     * @throws WeirException when a query cannot be resumed exactly, as for materialized views
     */
    synchronized void recoverAll() {
        if (queryList.isEmpty() || !queryList.get().exists()) {
            return;
        }
        for (InsertQueryList.Entry entry : queryList.get().read()) {
            nextNumber = Math.max(nextNumber, number(entry.id()) + 1);
            recover(entry.id(), entry.sql());
        }
    }

    /** Starts query {@code id} from its newest usable checkpoint. */
    private void recover(String id, String sql) {
        Planner.InsertQueryPlan plan =
                new Planner(catalog).insertQuery((SqlInsert) WeirParser.parseStatement(sql));
        Path directory = root.orElseThrow().resolve(id);
        Optional<KafkaSink> kafka = kafkaSink(id, plan.target(), false);
        if (kafka.isPresent()) {
            long committed;
            try {
                committed = kafka.get().recover();
            } catch (RuntimeException e) {
                // Without the ledger there is no telling which checkpoint is safe; the query
                // stays recorded and is tried again at the next start.
                LOG.log(Level.SEVERE, "Persistent query " + id + " not resumed: " + e.getMessage());
                return;
            }
            discardUncommitted(id, directory, committed);
        }
        long restoring = System.nanoTime();
        CheckpointRestore.Restored restored =
                CheckpointRestore.newest(
                        new CheckpointStore(directory.resolve("checkpoints"), files),
                        directory.resolve("state"),
                        sql,
                        PlanState.of(plan.query().graph()),
                        "the query " + id,
                        disk);
        Running query;
        try {
            query =
                    open(
                            id,
                            sql,
                            plan,
                            restored.state(),
                            restored.manifest().map(CheckpointStore.Manifest::job),
                            restored.checkpoint().map(CheckpointStore.Stored::number).orElse(0L),
                            DurabilityFigures.Start.CREATED,
                            kafka);
        } catch (RuntimeException e) {
            restored.state().close(); // the job never started, so it does not close it itself
            throw e;
        }
        long restore = (System.nanoTime() - restoring) / 1_000_000;
        query = query.startingAs(DurabilityFigures.Start.restored(restored, restore));
        running.put(id, query);
        query.job().start();
        LOG.info(
                "Persistent query "
                        + id
                        + " "
                        + restored.checkpoint()
                                .map(c -> "restored from " + c.directory())
                                .orElse("has no usable checkpoint: starting from its sources;")
                        + " restore took "
                        + restore
                        + " ms: "
                        + sql);
        query.job()
                .caughtUp()
                .thenAccept(
                        c ->
                                LOG.info(
                                        "Persistent query "
                                                + id
                                                + " caught up with its sources after reading "
                                                + c.rows()
                                                + " events in "
                                                + c.millis()
                                                + " ms (recovery: "
                                                + restore
                                                + " ms restore + "
                                                + c.millis()
                                                + " ms catch-up)."));
    }

    /**
     * Deletes the checkpoints newer than the last one whose Kafka transaction committed ({@code
     * recover()} has just aborted theirs): the query resumes from an older one and writes those
     * rows again.
     */
    private void discardUncommitted(String id, Path directory, long committed) {
        CheckpointStore checkpoints = new CheckpointStore(directory.resolve("checkpoints"), files);
        boolean kept = false;
        for (CheckpointStore.Stored stored : checkpoints.list()) {
            if (stored.number() > committed) {
                LOG.info(
                        "Query "
                                + id
                                + ": checkpoint "
                                + stored.number()
                                + " was not committed to Kafka; discarding it.");
                FileTrees.deleteRecursively(stored.directory());
            } else {
                kept = true;
            }
        }
        if (!kept && committed >= 0) {
            LOG.warning(
                    "Query "
                            + id
                            + " has output committed to Kafka up to checkpoint "
                            + committed
                            + " but no checkpoint to resume from: it starts again from the"
                            + " beginning of its input, writing its rows again.");
        }
    }

    /**
     * Restarts, from its newest usable checkpoint, every query whose job failed (an append that
     * found the disk full, say), once its back-off has passed ({@link RestartBackoff}).
     */
    synchronized void restartFailed(long now) {
        if (root.isEmpty()) {
            return;
        }
        for (Running query : running()) {
            if (!query.job().status().equals("FAILED")) {
                restarts.running(query.id(), now);
                continue;
            }
            if (!restarts.due(query.id(), now)) {
                continue;
            }
            restarts.restarted(query.id(), now);
            Throwable failure = query.failure();
            LOG.warning(
                    "Persistent query "
                            + query.id()
                            + " failed ("
                            + (failure == null ? "no cause given" : failure.getMessage())
                            + "); restarting it from its newest checkpoint.");
            try {
                // Its thread closes the state as it ends; the restore replaces that directory.
                query.job().join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                recover(query.id(), query.sql());
            } catch (RuntimeException e) {
                LOG.warning(
                        "Cannot restart the persistent query "
                                + query.id()
                                + ": "
                                + e.getMessage()
                                + " Trying again later.");
            }
        }
    }

    /** The ids listed in {@code queries.json}: the queries whose files are not leftovers. */
    synchronized Set<String> recordedIds() {
        Set<String> ids = new HashSet<>();
        if (queryList.isPresent() && queryList.get().exists()) {
            for (InsertQueryList.Entry entry : queryList.get().read()) {
                ids.add(entry.id());
            }
        }
        return ids;
    }

    private Running open(
            String id,
            String sql,
            Planner.InsertQueryPlan plan,
            StateBackend state,
            Optional<JobCheckpoint> positions,
            long restoredFrom,
            DurabilityFigures.Start start,
            Optional<KafkaSink> kafka) {
        Optional<Path> directory = root.map(r -> r.resolve(id));
        ResultSink sink;
        if (kafka.isPresent()) {
            sink = kafka.get();
        } else {
            Optional<PublishedRows> published =
                    directory.map(
                            d ->
                                    PublishedRows.open(
                                            d.resolve("published.json"),
                                            files,
                                            storage,
                                            plan.target()));
            sink = new StreamAppendSink(state, storage, plan.target(), published);
        }
        Job job = jobs.compile(id, plan.query().graph(), state, sink);
        positions.ifPresent(job::restore);
        if (sink instanceof StreamAppendSink append
                && directory.isPresent()
                && job.readsInterleaved()
                && job.replaysRounds()) {
            // Rows are published as they come, not with checkpoints, and told apart by number:
            // the replay must read them in the same order (see StreamAppendSink).
            job.journalRounds(append);
            job.replayRounds(append.roundsToReplay());
        }
        return new Running(
                id,
                sql,
                plan.target(),
                job,
                sink,
                directory.map(
                        d ->
                                new QueryCheckpointer(
                                        "the query " + id,
                                        new CheckpointStore(d.resolve("checkpoints"), files),
                                        sql,
                                        PlanState.of(plan.query().graph()),
                                        restoredFrom)),
                start);
    }

    /**
     * The writer of a query into a Kafka stream, or empty for an internal stream. Its transactional
     * id is made once per query and kept in the query's directory, so a restart fences the previous
     * run's producer and finds its ledger; unique, so two servers never share one.
     */
    private Optional<KafkaSink> kafkaSink(String id, String target, boolean fresh) {
        CatalogObject object = catalog.find(target).orElseThrow();
        if (!(object instanceof StreamDef stream) || !connectors.writesThroughConnector(stream)) {
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

    /**
     * Stops a query for good and deletes its files. Its entry leaves {@code queries.json} first:
     * once that is written the query is cancelled, and a crash before its files are gone leaves
     * leftovers the next start deletes.
     */
    synchronized void cancel(String id) {
        Running query = running.get(id);
        if (query == null) {
            return;
        }
        running.remove(id);
        try {
            saveRegistry();
        } catch (RuntimeException e) {
            running.put(id, query); // not cancelled: it goes on
            throw e;
        }
        restarts.forget(id);
        stop(query);
        root.map(r -> r.resolve(id)).ifPresent(FileTrees::deleteRecursively);
    }

    private static void stop(Running query) {
        query.job().cancel();
        try {
            query.job().join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Checkpoints every query now, so that a restart replays little. A query whose checkpoint fails
     * keeps its previous one and is reported; the others are checkpointed still.
     */
    synchronized void checkpointAll() {
        for (Running query : running()) {
            if (query.checkpointer().isEmpty()) {
                continue;
            }
            try {
                query.checkpointer().get().checkpoint(query.job());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The recovery and checkpoint figures of every query, in id order. */
    List<DurabilityFigures> figures() {
        List<DurabilityFigures> figures = new ArrayList<>();
        for (Running query : running()) {
            figures.add(query.figures());
        }
        return figures;
    }

    /** Writes {@code queries.json}: the commit of a start or a cancel. */
    private void saveRegistry() {
        if (queryList.isEmpty()) {
            return;
        }
        List<InsertQueryList.Entry> entries = new ArrayList<>();
        for (Running query : running()) {
            entries.add(new InsertQueryList.Entry(query.id(), query.sql()));
        }
        queryList.get().write(entries);
    }

    @Override
    public synchronized void close() {
        checkpointAll();
        for (Running query : running.values()) {
            stop(query);
        }
        running.clear();
    }
}
