package dev.weir.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.ErrorKind;
import dev.weir.common.error.WeirException;
import dev.weir.executor.io.DurableFiles;
import dev.weir.executor.runtime.Job;
import dev.weir.executor.runtime.JobCheckpoint;
import dev.weir.executor.state.SnapshotStore;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.memory.HeapSnapshotStore;
import dev.weir.executor.state.memory.HeapStateBackend;
import dev.weir.executor.state.rocksdb.RocksDbDisk;
import dev.weir.executor.state.rocksdb.RocksDbSnapshotStore;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import dev.weir.plan.PlanState;
import dev.weir.planner.PlannedQuery;
import dev.weir.planner.Planner;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The materialized views being maintained: one persistent job each, writing the view's rows into
 * its state and its store. With a data directory, each view is checkpointed every interval and, on
 * start, restored from its newest readable checkpoint and replayed from the positions recorded
 * there, so the view ends up exactly as an uninterrupted run would have left it.
 */
final class MaterializedViews implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MaterializedViews.class.getName());

    private final Catalog catalog;
    private final Optional<Path> root;
    private final DurableFiles files;
    private final RocksDbDisk disk;
    private final PersistentJobFactory jobs;
    private final Map<String, RunningView> running = new ConcurrentHashMap<>();
    private final RestartBackoff restarts = new RestartBackoff();
    private final int lookupCache;

    /** Where views run when it can run them (Flink); empty: every view on the local runner. */
    private volatile Optional<QueryRunner> runner = Optional.empty();

    /**
     * @param root where views keep state and checkpoints ({@code <data-dir>/views}); empty for an
     *     engine on the heap, whose views are neither checkpointed nor recovered
     * @param files where checkpoint manifests are written
     * @param disk where RocksDB writes the views' state and rows
     * @param lookupCache how many key lookups each view keeps on the heap
     */
    MaterializedViews(
            Catalog catalog,
            Optional<Path> root,
            DurableFiles files,
            RocksDbDisk disk,
            PersistentJobFactory jobs,
            int lookupCache) {
        this.lookupCache = lookupCache;
        this.disk = disk;
        this.catalog = catalog;
        this.root = root;
        this.files = files;
        this.jobs = jobs;
    }

    /**
     * Runs the views created from now on, and those recovered from now on, on {@code runner} when
     * it can run their plan (the Flink runner); the others on the local runner.
     */
    void runOn(QueryRunner runner) {
        this.runner = Optional.of(runner);
    }

    /**
     * A view's job and what readers need of it. On the local runner, the job's state and
     * checkpoints are the engine's ({@code checkpointer}); on another runner (Flink) they are the
     * runner's, and the engine keeps only the rows readers read.
     */
    static final class RunningView {
        final MaterializedViewDef definition;
        final RowStore store;
        final RunnerJob job;
        final ViewSink sink;
        final Optional<QueryCheckpointer> checkpointer;
        final DurabilityFigures.Start start;

        RunningView(
                MaterializedViewDef definition,
                RowStore store,
                RunnerJob job,
                ViewSink sink,
                Optional<QueryCheckpointer> checkpointer,
                DurabilityFigures.Start start) {
            this.definition = definition;
            this.store = store;
            this.job = job;
            this.sink = sink;
            this.checkpointer = checkpointer;
            this.start = start;
        }

        String queryId() {
            return "mv_" + definition.name();
        }

        RunningView startingAs(DurabilityFigures.Start how) {
            return new RunningView(definition, store, job, sink, checkpointer, how);
        }

        DurabilityFigures figures() {
            return DurabilityFigures.of(queryId(), start, job.localJob(), checkpointer);
        }

        /** The local runner's job; empty for a view on another runner. */
        Optional<Job> localJob() {
            return job.localJob();
        }

        /**
         * RUNNING, FINISHED (its sources ended), FAILED or CANCELLED: the local job's status, or
         * what the view's sink saw of the runner's job.
         */
        String status() {
            if (localJob().isPresent()) {
                return localJob().get().status();
            }
            if (sink.failure() != null) {
                return "FAILED";
            }
            return job.hasExited() ? "FINISHED" : "RUNNING";
        }

        /**
         * Waits until the view has caught up with its sources: on the local runner, read all there
         * is for now; on another runner, until its job ended (its sources are bounded).
         */
        boolean awaitCaughtUp(long millis) throws InterruptedException {
            if (localJob().isPresent()) {
                return localJob().get().awaitCaughtUp(millis);
            }
            job.awaitExit(millis);
            return job.hasExited();
        }

        /**
         * Fails a reader if the view's job failed: its rows would be silently stale. With the
         * failure's own code when it has one that is not internal (DISK_FULL: the operator's to
         * fix, not a bug); INTERNAL_ERROR otherwise.
         *
         * @throws WeirException the job's failure
         */
        void checkHealthy() {
            Throwable failure = sink.failure();
            if (failure != null) {
                ErrorCode code =
                        failure instanceof WeirException w && w.code().kind() != ErrorKind.INTERNAL
                                ? w.code()
                                : ErrorCode.INTERNAL_ERROR;
                throw new WeirException(
                        code,
                        Optional.empty(),
                        "The materialized view '"
                                + definition.name()
                                + "' stopped being maintained: "
                                + asSentence(failure.getMessage())
                                + (localJob().isPresent()
                                        ? " It is restarted from its last checkpoint after a"
                                                + " back-off"
                                        : " Its job on "
                                                + job.runner()
                                                + " is submitted again from its sources'"
                                                + " beginning after a back-off")
                                + " (SHOW QUERIES shows its state and why it failed); once the"
                                + " cause is fixed (e.g. disk space freed) it catches up again.");
            }
        }
    }

    private static String asSentence(String message) {
        String text = String.valueOf(message);
        return text.endsWith(".") ? text : text + ".";
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
     * The catalog entry is the commit point: until it is written, the view's files are leftovers
     * that the next start deletes; if it cannot be written, they are deleted here.
     */
    synchronized void create(MaterializedViewDef definition, PlannedQuery planned) {
        Optional<Path> directory = directoryOf(definition);
        directory.ifPresent(FileTrees::deleteRecursively); // leftovers of a view of the same name
        Optional<RunningView> onRunner = startOnRunner(definition, planned);
        if (onRunner.isPresent()) {
            try {
                catalog.add(definition);
            } catch (RuntimeException e) {
                stop(onRunner.get());
                directory.ifPresent(FileTrees::deleteRecursively);
                throw e;
            }
            running.put(key(definition), onRunner.get());
            return;
        }
        StateBackend state =
                directory.isPresent()
                        ? RocksDbStateBackend.open(directory.get().resolve("state"), disk)
                        : new HeapStateBackend();
        RunningView view = null;
        try {
            view =
                    compile(
                            definition,
                            planned,
                            state,
                            Optional.empty(),
                            0,
                            DurabilityFigures.Start.CREATED);
            catalog.add(definition);
        } catch (RuntimeException e) {
            if (view != null) {
                view.store.close();
            }
            state.close(); // the job never started, so it does not close its state itself
            directory.ifPresent(FileTrees::deleteRecursively);
            throw e;
        }
        running.put(key(definition), view);
        view.localJob().orElseThrow().start();
        logCatchUp(view, "built from its sources");
    }

    /**
     * Starts the view's job on the runner views run on, if it can run the plan, from the beginning
     * of its sources, its rows in a store of its own built from empty: nothing of the view is kept
     * locally but its rows, so a restart of the server (whose in-process Flink cluster ends with
     * it) submits the job again and rebuilds the rows the same way. Whatever the view's directory
     * held (a local run's checkpoints) is set aside while the runner decides, and deleted once it
     * runs the job (it no longer matches the rows); if the runner cannot run the plan, it is put
     * back, so the local runner restores the view from its newest checkpoint as without a runner.
     */
    private Optional<RunningView> startOnRunner(
            MaterializedViewDef definition, PlannedQuery planned) {
        if (runner.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> setAside = directoryOf(definition).map(MaterializedViews::setAside);
        RowStore store = newStore(definition);
        RunnerViewSink sink = new RunnerViewSink(store);
        Optional<RunnerJob> job;
        try {
            job = runner.get().startPersistent("mv_" + definition.name(), planned.graph(), sink);
        } catch (RuntimeException e) {
            store.close();
            putBack(directoryOf(definition), setAside);
            throw e;
        }
        if (job.isEmpty()) {
            store.close();
            putBack(directoryOf(definition), setAside);
            return Optional.empty();
        }
        setAside.ifPresent(FileTrees::deleteRecursively);
        LOG.info(
                "Materialized view '"
                        + definition.name()
                        + "' runs on "
                        + job.get().runner()
                        + " as job "
                        + job.get().jobId().orElse("?")
                        + ", built from the beginning of its sources.");
        return Optional.of(
                new RunningView(
                        definition,
                        store,
                        job.get(),
                        sink,
                        Optional.empty(),
                        DurabilityFigures.Start.CREATED));
    }

    /**
     * Starts every view of the catalog again, each from its newest usable checkpoint (or from the
     * beginning of its sources when it has none), replaying its sources from the positions recorded
     * there. Logs, per view, how long the restore took and, once it has caught up, how many events
     * it replayed in how long.
     *
     * @throws WeirException when a view cannot be recovered exactly: a checkpoint of a newer
     *     format, or a source log that is damaged or lost events the checkpoint had read
     */
    synchronized void recoverAll() {
        for (CatalogObject object : catalog.all()) {
            if (object instanceof MaterializedViewDef definition) {
                recover(definition);
            }
        }
    }

    private void recover(MaterializedViewDef definition) {
        PlannedQuery planned = Planner.replanMaterializedView(definition, catalog);
        Optional<RunningView> onRunner = startOnRunner(definition, planned);
        if (onRunner.isPresent()) {
            running.put(key(definition), onRunner.get());
            return;
        }
        Optional<Path> directory = directoryOf(definition);
        if (directory.isEmpty()) {
            RunningView view =
                    compile(
                            definition,
                            planned,
                            new HeapStateBackend(),
                            Optional.empty(),
                            0,
                            DurabilityFigures.Start.CREATED);
            running.put(key(definition), view);
            view.localJob().orElseThrow().start();
            return;
        }
        long restoring = System.nanoTime();
        CheckpointRestore.Restored restored =
                CheckpointRestore.newest(
                        checkpointsOf(directory.get()),
                        directory.get().resolve("state"),
                        definition.sql(),
                        PlanState.of(planned.graph()),
                        describe(definition),
                        disk);
        RunningView compiled;
        try {
            compiled =
                    compile(
                            definition,
                            planned,
                            restored.state(),
                            restored.manifest().map(CheckpointStore.Manifest::job),
                            restored.checkpoint().map(CheckpointStore.Stored::number).orElse(0L),
                            DurabilityFigures.Start.CREATED);
        } catch (RuntimeException e) {
            restored.state().close(); // the job never started, so it does not close it itself
            throw e;
        }
        // The restore ends once the view's rows are loaded for readers and its sources placed.
        long restoreMillis = (System.nanoTime() - restoring) / 1_000_000;
        RunningView started =
                compiled.startingAs(DurabilityFigures.Start.restored(restored, restoreMillis));
        running.put(key(definition), started);
        started.localJob().orElseThrow().start();
        LOG.info(
                "Materialized view '"
                        + definition.name()
                        + "' "
                        + restored.checkpoint()
                                .map(c -> "restored from " + c.directory())
                                .orElse("has no usable checkpoint: rebuilding from its sources;")
                        + " restore took "
                        + restoreMillis
                        + " ms ("
                        + started.store.rowCount()
                        + " rows); replaying its sources from there.");
        logCatchUp(started, "recovered");
    }

    private static void logCatchUp(RunningView view, String how) {
        long restore = view.start.restoreMillis().orElse(0);
        view.localJob()
                .orElseThrow()
                .caughtUp()
                .thenAccept(
                        c ->
                                LOG.info(
                                        "Materialized view '"
                                                + view.definition.name()
                                                + "' "
                                                + how
                                                + ": caught up with its sources after reading "
                                                + c.rows()
                                                + " events in "
                                                + c.millis()
                                                + " ms"
                                                + (view.start.restoreMillis().isPresent()
                                                        ? " (recovery: "
                                                                + restore
                                                                + " ms restore + "
                                                                + c.millis()
                                                                + " ms catch-up)"
                                                        : "")
                                                + "; it has "
                                                + view.store.rowCount()
                                                + " rows."));
    }

    /**
     * Builds a view's job over {@code state}; with {@code positions}, the state was restored from
     * that checkpoint: the store is loaded from it and the sources resume there.
     */
    private RunningView compile(
            MaterializedViewDef definition,
            PlannedQuery planned,
            StateBackend state,
            Optional<JobCheckpoint> positions,
            long restoredFrom,
            DurabilityFigures.Start start) {
        RowStore store = newStore(definition);
        MaterializedViewSink sink;
        Job job;
        try {
            sink = new MaterializedViewSink(state, store);
            job = jobs.compile("mv_" + definition.name(), planned.graph(), state, sink);
            if (positions.isPresent()) {
                sink.loadStore();
                job.restore(positions.get());
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Optional<QueryCheckpointer> checkpointer =
                directoryOf(definition)
                        .map(
                                d ->
                                        new QueryCheckpointer(
                                                describe(definition),
                                                checkpointsOf(d),
                                                definition.sql(),
                                                PlanState.of(planned.graph()),
                                                restoredFrom));
        return new RunningView(definition, store, RunnerJob.local(job), sink, checkpointer, start);
    }

    /**
     * The view's rows for readers: on disk beside the view's state (deleted and rebuilt on every
     * start), or on the heap.
     */
    private RowStore newStore(MaterializedViewDef definition) {
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
        SnapshotStore rows =
                directoryOf(definition)
                        .<SnapshotStore>map(d -> RocksDbSnapshotStore.open(d.resolve("rows"), disk))
                        .orElseGet(HeapSnapshotStore::new);
        return new RowStore(describe(definition), keyFields, rows, lookupCache);
    }

    private CheckpointStore checkpointsOf(Path directory) {
        return new CheckpointStore(directory.resolve("checkpoints"), files);
    }

    private static String describe(MaterializedViewDef definition) {
        return "the materialized view '" + definition.name() + "'";
    }

    /**
     * Restarts, from its newest usable checkpoint, every view whose job failed, once its back-off
     * has passed ({@link RestartBackoff}): what a restart of the server would do for it, without
     * one. Subscribers of a failed view are cut off; readers see the restarted view.
     */
    synchronized void restartFailed(long now) {
        if (root.isEmpty()) {
            return; // on the heap there is no checkpoint to restart from
        }
        for (RunningView view : running()) {
            String id = view.queryId();
            if (!view.status().equals("FAILED")) {
                restarts.running(id, now);
                continue;
            }
            if (!restarts.due(id, now)) {
                continue;
            }
            restarts.restarted(id, now);
            Throwable failure = view.sink.failure();
            LOG.warning(
                    "Materialized view '"
                            + view.definition.name()
                            + "' failed ("
                            + (failure == null ? "no cause given" : failure.getMessage())
                            + "); restarting it from its newest checkpoint.");
            try {
                // Its thread closes the state as it ends; the restore replaces that directory. A
                // view on another runner is submitted again from its sources' beginning.
                view.job.awaitExit(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!view.job.hasExited()) {
                // Its rows' writer is still at work: closing the store under it could crash the
                // process. Left failed; the next start recovers it.
                LOG.warning(
                        "The job of materialized view '"
                                + view.definition.name()
                                + "' did not stop within 30 s; it is not restarted.");
                return;
            }
            view.store.close();
            try {
                recover(view.definition);
            } catch (RuntimeException e) {
                LOG.warning(
                        "Cannot restart the materialized view '"
                                + view.definition.name()
                                + "': "
                                + e.getMessage()
                                + " Trying again later.");
            }
        }
    }

    /**
     * Stops a view's job and deletes its state and checkpoints; the caller has removed it from the
     * catalog first (the commit point: a crash before the files are gone leaves leftovers the next
     * start deletes). Waits for a checkpoint in progress, which would otherwise write into the
     * directory being deleted.
     */
    synchronized void drop(String name) {
        RunningView view = running.remove(name.toLowerCase(Locale.ROOT));
        if (view == null) {
            return;
        }
        restarts.forget(view.queryId());
        stop(view);
        directoryOf(view.definition).ifPresent(FileTrees::deleteRecursively);
    }

    private static void stop(RunningView view) {
        view.job.cancel();
        try {
            view.job.awaitExit(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!view.job.hasExited()) {
            // Its rows' writer is still at work: a closed RocksDB handle under it could crash the
            // process, so the store is left to the process's end.
            LOG.warning(
                    "The job of materialized view '"
                            + view.definition.name()
                            + "' did not stop within 30 s; its rows' store is left open.");
            return;
        }
        view.store.close();
    }

    /**
     * Checkpoints every view now; returns how many checkpoints were written. A view whose
     * checkpoint fails keeps its previous one and is reported; the others are checkpointed still.
     */
    synchronized int checkpointAll() {
        int written = 0;
        for (RunningView view : running()) {
            if (view.checkpointer.isEmpty() || view.localJob().isEmpty()) {
                continue; // on the heap, or on a runner that takes its own checkpoints
            }
            try {
                if (view.checkpointer.get().checkpoint(view.localJob().get())) {
                    written++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return written;
    }

    /** The recovery and checkpoint figures of every view, by name. */
    List<DurabilityFigures> figures() {
        List<DurabilityFigures> figures = new ArrayList<>();
        for (RunningView view : running()) {
            figures.add(view.figures());
        }
        return figures;
    }

    /**
     * Moves a view's directory out of the way (to a sibling ending in {@code .set-aside}), if it
     * exists; returns where it went. A crash before it is put back or deleted leaves a directory
     * the next start deletes as unlisted, as it would have been deleted anyway.
     */
    private static Path setAside(Path directory) {
        Path aside = directory.resolveSibling(directory.getFileName() + ".set-aside");
        FileTrees.deleteRecursively(aside);
        try {
            if (Files.exists(directory)) {
                Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move " + directory, e);
        }
        return aside;
    }

    /** Replaces the runner's attempt at {@code directory} with what was set aside, if anything. */
    private static void putBack(Optional<Path> directory, Optional<Path> aside) {
        if (directory.isEmpty() || aside.isEmpty()) {
            return;
        }
        FileTrees.deleteRecursively(directory.get());
        if (Files.exists(aside.get())) {
            try {
                Files.move(aside.get(), directory.get(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot move " + aside.get() + " back", e);
            }
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
    public synchronized void close() {
        if (root.isPresent()) {
            checkpointAll();
        }
        for (RunningView view : running.values()) {
            stop(view);
        }
        running.clear();
    }
}
