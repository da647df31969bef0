package dev.weir.server.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.JobCheckpoint;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.planner.PlannedQuery;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.exec.JobGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The materialized views being maintained: one persistent job each, writing the view's rows into
 * its state and its store. With a data directory, each view is checkpointed every interval and, on
 * start, restored from its newest readable checkpoint and replayed from the positions recorded
 * there, so the view ends up exactly as an uninterrupted run would have left it.
 */
final class MaterializedViews implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MaterializedViews.class.getName());
    private static final long CHECKPOINT_TIMEOUT_SECONDS = 60;

    /** Compiles a view's job; the engine knows the sources. */
    interface JobFactory {
        Job compile(String id, JobGraph graph, StateBackend state, ResultSink sink);
    }

    private final Catalog catalog;
    private final Optional<Path> root;
    private final JobFactory jobs;
    private final Map<String, RunningView> running = new ConcurrentHashMap<>();

    /**
     * @param root where views keep state and checkpoints ({@code <data-dir>/views}); empty for an
     *     engine on the heap, whose views are neither checkpointed nor recovered
     */
    MaterializedViews(Catalog catalog, Optional<Path> root, JobFactory jobs) {
        this.catalog = catalog;
        this.root = root;
        this.jobs = jobs;
    }

    /** A view's job and what readers need of it. */
    static final class RunningView {
        final MaterializedViewDef definition;
        final MaterializedViewStore store;
        final Job job;
        final MaterializedViewSink sink;
        final Optional<ViewCheckpoints> checkpoints;
        volatile long lastCheckpointNumber;
        volatile long lastCheckpointMillis = -1;
        volatile long recoveryMillis = -1;

        RunningView(
                MaterializedViewDef definition,
                MaterializedViewStore store,
                Job job,
                MaterializedViewSink sink,
                Optional<ViewCheckpoints> checkpoints) {
            this.definition = definition;
            this.store = store;
            this.job = job;
            this.sink = sink;
            this.checkpoints = checkpoints;
        }

        String queryId() {
            return "mv_" + definition.name();
        }

        /**
         * Fails a reader if the view's job failed: its rows would be silently stale.
         *
         * @throws WeirException the job's failure
         */
        void checkHealthy() {
            Throwable failure = sink.failure();
            if (failure != null) {
                throw new WeirException(
                        ErrorCode.INTERNAL_ERROR,
                        Optional.empty(),
                        "The materialized view '"
                                + definition.name()
                                + "' stopped being maintained: "
                                + failure.getMessage()
                                + ". Drop it and create it again.");
            }
        }
    }

    Optional<RunningView> find(String name) {
        return Optional.ofNullable(running.get(name.toLowerCase(Locale.ROOT)));
    }

    List<RunningView> running() {
        List<RunningView> list = new ArrayList<>(running.values());
        list.sort((a, b) -> a.definition.name().compareToIgnoreCase(b.definition.name()));
        return list;
    }

    /**
     * Starts maintaining a new view from the beginning of its sources and adds it to the catalog.
     */
    void create(MaterializedViewDef definition, PlannedQuery planned) {
        Optional<Path> directory = directoryOf(definition);
        directory.ifPresent(Files2::deleteRecursively); // leftovers of a view of the same name
        RunningView view = open(definition, planned, directory, Optional.empty());
        catalog.add(definition);
        running.put(key(definition), view);
        view.job.start();
    }

    /**
     * Starts every view of the catalog again, each from its newest readable checkpoint (or from the
     * beginning of its sources when it has none).
     */
    void recoverAll() {
        for (CatalogObject object : catalog.all()) {
            if (object instanceof MaterializedViewDef definition) {
                long started = System.nanoTime();
                PlannedQuery planned = Planner.replanMaterializedView(definition, catalog);
                Optional<Path> directory = directoryOf(definition);
                Optional<ViewCheckpoints.Stored> restoredFrom = Optional.empty();
                RunningView view = null;
                if (directory.isPresent()) {
                    for (ViewCheckpoints.Stored stored :
                            new ViewCheckpoints(directory.get().resolve("checkpoints")).list()) {
                        try {
                            ViewCheckpoints.Manifest manifest = ViewCheckpoints.read(stored);
                            if (!manifest.sql().equals(definition.sql())) {
                                throw new IllegalStateException(
                                        "it belongs to another definition of the view");
                            }
                            view = open(definition, planned, directory, Optional.of(stored));
                            view.lastCheckpointNumber = manifest.number();
                            restoredFrom = Optional.of(stored);
                            break;
                        } catch (WeirException e) {
                            if (e.getMessage().contains("newer Weir")) {
                                throw e;
                            }
                            LOG.log(
                                    Level.WARNING,
                                    "Skipping the checkpoint "
                                            + stored.directory()
                                            + " of the materialized view '"
                                            + definition.name()
                                            + "': "
                                            + e.getMessage()
                                            + " Falling back to an older one.");
                        } catch (RuntimeException e) {
                            LOG.log(
                                    Level.WARNING,
                                    "Skipping the checkpoint "
                                            + stored.directory()
                                            + " of the materialized view '"
                                            + definition.name()
                                            + "': "
                                            + e
                                            + ". Falling back to an older one.");
                        }
                    }
                }
                if (view == null) {
                    view = open(definition, planned, directory, Optional.empty());
                }
                view.recoveryMillis = (System.nanoTime() - started) / 1_000_000;
                running.put(key(definition), view);
                view.job.start();
                LOG.info(
                        "Materialized view '"
                                + definition.name()
                                + "' "
                                + restoredFrom
                                        .map(s -> "restored from " + s.directory())
                                        .orElse("has no checkpoint: rebuilding from its sources")
                                + " in "
                                + view.recoveryMillis
                                + " ms ("
                                + view.store.rowCount()
                                + " rows); replaying its sources from there.");
            }
        }
    }

    private RunningView open(
            MaterializedViewDef definition,
            PlannedQuery planned,
            Optional<Path> directory,
            Optional<ViewCheckpoints.Stored> checkpoint) {
        StateBackend state;
        Optional<ViewCheckpoints> checkpoints =
                directory.map(d -> new ViewCheckpoints(d.resolve("checkpoints")));
        Optional<JobCheckpoint> positions = Optional.empty();
        if (directory.isEmpty()) {
            state = new HeapStateBackend();
        } else {
            Path working = directory.get().resolve("state");
            Files2.deleteRecursively(working);
            if (checkpoint.isPresent()) {
                ViewCheckpoints.Manifest manifest = ViewCheckpoints.read(checkpoint.get());
                positions = Optional.of(manifest.job());
                state = RocksDbStateBackend.restore(checkpoint.get().state(), working);
            } else {
                state = RocksDbStateBackend.open(working);
            }
        }
        int[] keyFields =
                definition.key().stream()
                        .mapToInt(
                                k -> {
                                    for (int i = 0; i < definition.columns().size(); i++) {
                                        if (definition.columns().get(i).name().equals(k)) {
                                            return i;
                                        }
                                    }
                                    throw new IllegalStateException("no key column " + k);
                                })
                        .toArray();
        MaterializedViewStore store = new MaterializedViewStore(keyFields);
        try {
            MaterializedViewSink sink = new MaterializedViewSink(state, store);
            Job job = jobs.compile("mv_" + definition.name(), planned.graph(), state, sink);
            if (positions.isPresent()) {
                sink.loadStore();
                job.restore(positions.get());
            }
            return new RunningView(definition, store, job, sink, checkpoints);
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /** Stops a view's job and deletes its state and checkpoints; the caller updates the catalog. */
    void drop(String name) {
        RunningView view = running.remove(name.toLowerCase(Locale.ROOT));
        if (view == null) {
            return;
        }
        stop(view);
        directoryOf(view.definition).ifPresent(Files2::deleteRecursively);
    }

    private static void stop(RunningView view) {
        view.job.cancel();
        try {
            view.job.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        view.store.closeSubscribers();
    }

    /** Checkpoints every view now; returns how many checkpoints were written. */
    synchronized int checkpointAll() {
        int written = 0;
        for (RunningView view : running()) {
            if (checkpoint(view)) {
                written++;
            }
        }
        return written;
    }

    private void checkpointAllQuietly() {
        try {
            checkpointAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A checkpoint failed; the previous one stays in effect.", e);
        }
    }

    private boolean checkpoint(RunningView view) {
        if (view.checkpoints.isEmpty() || !view.job.isCheckpointable()) {
            return false;
        }
        String status = view.job.status();
        if (!status.equals("RUNNING")) {
            return false;
        }
        ViewCheckpoints checkpoints = view.checkpoints.get();
        long number = checkpoints.nextNumber();
        Path building = checkpoints.inProgress(number);
        long started = System.nanoTime();
        try {
            Files.createDirectories(building);
            JobCheckpoint positions =
                    view.job
                            .checkpoint(building.resolve("state"), number)
                            .get(CHECKPOINT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            checkpoints.commit(number, view.definition.sql(), positions);
            // Durable: sources may now acknowledge these positions upstream (Kafka offsets).
            view.job.checkpointCompleted(number, positions);
            view.lastCheckpointNumber = number;
            view.lastCheckpointMillis = (System.nanoTime() - started) / 1_000_000;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files2.deleteRecursively(building);
            return false;
        } catch (Exception e) {
            Files2.deleteRecursively(building);
            if (!view.job.status().equals("RUNNING")) {
                return false; // the view was dropped or its job ended meanwhile
            }
            throw new IllegalStateException(
                    "Cannot checkpoint the materialized view '" + view.definition.name() + "'", e);
        }
    }

    private Optional<Path> directoryOf(MaterializedViewDef definition) {
        return root.map(r -> r.resolve(key(definition)));
    }

    private static String key(MaterializedViewDef definition) {
        return definition.name().toLowerCase(Locale.ROOT);
    }

    /** Takes a last checkpoint of every view (so the next start replays little) and stops them. */
    @Override
    public void close() {
        if (root.isPresent()) {
            checkpointAllQuietly();
        }
        for (RunningView view : running.values()) {
            stop(view);
        }
        running.clear();
    }
}
