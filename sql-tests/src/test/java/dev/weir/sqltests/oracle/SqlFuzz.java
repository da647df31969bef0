package dev.weir.sqltests.oracle;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs mutated statements of the test corpora against the engine: a corpus file's statements set an
 * engine up (its streams, tables and views), then mutations of them run there. Every statement must
 * end within {@link #STATEMENT_SECONDS} with a result or a coded error: an INTERNAL_ERROR, an
 * uncoded exception or a statement that does not end is a failure.
 *
 * <p>{@code SqlFuzz N [SEED]} runs N statements from the command line (the benchmark-sized run).
 */
final class SqlFuzz {
    static final long STATEMENT_SECONDS = 30;

    /** Mutated statements per engine set up from one corpus file. */
    private static final int PER_FILE = 40;

    /** How long a continuous query gets to fail before it is cancelled. */
    private static final long CONTINUOUS_MILLIS = 20;

    /** What a run found. */
    record Outcome(int statements, int refused, List<String> failures) {}

    private final long seed;
    private final List<StatementCorpus> corpus;
    private final List<String> failures = new ArrayList<>();
    private int statements;
    private int refused;

    SqlFuzz(long seed) {
        this.seed = seed;
        this.corpus =
                StatementCorpus.all().stream().filter(c -> !c.statements().isEmpty()).toList();
    }

    Outcome run(int count) throws InterruptedException {
        Random random = new Random(seed);
        StatementMutator mutator = new StatementMutator(seed);
        ExecutorService worker = Executors.newSingleThreadExecutor(SqlFuzz::daemon);
        try {
            while (statements < count) {
                StatementCorpus file = corpus.get(random.nextInt(corpus.size()));
                Engine engine = Engine.inMemory();
                boolean healthy = true;
                for (String setup : file.statements()) {
                    healthy = healthy && run(worker, engine, setup, null);
                }
                for (int i = 0; i < PER_FILE && statements < count && healthy; i++) {
                    List<String> all = file.statements();
                    String mutated =
                            mutator.mutate(
                                    all.get(random.nextInt(all.size())),
                                    all.get(random.nextInt(all.size())));
                    statements++;
                    healthy = run(worker, engine, mutated, file.file().getFileName().toString());
                }
                if (healthy) {
                    engine.close();
                } else {
                    // A statement did not end: its thread is abandoned, and so is its engine.
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor(SqlFuzz::daemon);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return new Outcome(statements, refused, List.copyOf(failures));
    }

    /**
     * Runs one script; false when it did not end in time. A setup statement ({@code file} null) is
     * not judged: the corpus tests judge those.
     */
    private boolean run(ExecutorService worker, Engine engine, String script, String file)
            throws InterruptedException {
        Future<?> done =
                worker.submit(
                        () -> {
                            for (StatementResult result : engine.executeScript(script)) {
                                drain(result);
                            }
                            return null;
                        });
        try {
            done.get(STATEMENT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            if (file != null) {
                failures.add(describe(file, script, "did not end in " + STATEMENT_SECONDS + " s"));
            }
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (file == null) {
                return true; // setup: judged by the corpus tests
            }
            if (cause instanceof WeirException w && w.code() != ErrorCode.INTERNAL_ERROR) {
                refused++;
            } else {
                failures.add(describe(file, script, String.valueOf(cause)));
            }
        }
        return true;
    }

    private String describe(String file, String script, String what) {
        return "seed "
                + seed
                + ", statement "
                + statements
                + " (a mutation of "
                + file
                + "): "
                + script.replaceAll("\\s+", " ")
                + "\n    -> "
                + what;
    }

    private static void drain(StatementResult result) throws InterruptedException {
        if (!(result instanceof StatementResult.Continuous continuous)) {
            return;
        }
        ContinuousQuery query = continuous.query();
        try {
            if (query.job().isPresent()) {
                query.job().get().awaitCaughtUp(CONTINUOUS_MILLIS);
            }
            while (query.next(0, TimeUnit.MILLISECONDS).isPresent()) {
                // only that nothing fails uncoded
            }
        } finally {
            query.cancel();
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "sql-fuzz");
        t.setDaemon(true);
        return t;
    }

    public static void main(String[] args) throws Exception {
        OracleMain.quietLogs();
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : new Random().nextLong();
        long start = System.nanoTime();
        Outcome outcome = new SqlFuzz(seed).run(count);
        outcome.failures().forEach(System.out::println);
        System.out.printf(
                "sql fuzz: seed %d, %d statements (%d refused with a code) in %d s; %d failures%n",
                seed,
                outcome.statements(),
                outcome.refused(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                outcome.failures().size());
    }
}
