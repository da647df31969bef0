package dev.weir.sqltests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No user statement answers INTERNAL_ERROR: neither a statement of the test corpora (the parser's,
 * the planner's golden inputs, the {@code .sqlt} scripts) nor a query of the oracle's generator (a
 * fixed seed, as a table and as a stream). An unsupported statement is a coded refusal; an internal
 * error is a bug, and so is any exception without a code.
 *
 * <p>The only exceptions are the known bugs another change is fixing, named in {@link #EXCUSED} by
 * their ids in {@code FINDINGS.md}: delete an entry when its fix lands.
 */
class NoInternalErrorTest {
    /** Fixed: the run is the same every time. */
    private static final long SEED = 1_107_2026L;

    private static final int ROUNDS = 6;
    private static final int QUERIES_PER_ROUND = 25;

    /** How long a continuous query gets to fail before it is cancelled. */
    private static final long CONTINUOUS_MILLIS = 300;

    /**
     * Known bugs still open, by their id in {@code KnownBugs} and FINDINGS.md, with the text their
     * internal error says (for corpus statements, which have no generated shape to match).
     */
    private static final Map<String, String> EXCUSED = Map.of();

    private final List<String> internalErrors = new ArrayList<>();
    private int statements;

    @Test
    void noStatementOfTheCorporaOrTheGeneratorAnswersInternalError() throws Exception {
        OracleMain.quietLogs();
        for (StatementCorpus file : corpus()) {
            runCorpusFile(file);
        }
        int corpusStatements = statements;
        for (int round = 0; round < ROUNDS; round++) {
            runGeneratedRound(round);
        }
        assertThat(internalErrors)
                .as("statements run: %d of the corpora, %d in all", corpusStatements, statements)
                .isEmpty();
        // The corpora are found, and the generator's queries run (as a table and as a stream, but
        // for the few an excused bug spoils): this test cannot pass empty.
        assertThat(corpusStatements).isGreaterThan(500);
        assertThat(statements - corpusStatements).isGreaterThan(ROUNDS * QUERIES_PER_ROUND);
    }

    // ---- the corpora ---------------------------------------------------------------------------

    /** Every .sql and .sqlt test input of the parser, the planner and these script tests. */
    private static List<StatementCorpus> corpus() {
        List<StatementCorpus> files = StatementCorpus.all();
        assertThat(files).as("corpus files").hasSizeGreaterThan(20);
        return files;
    }

    /** Runs a file's statements in order on one engine, each on its own. */
    private void runCorpusFile(StatementCorpus file) {
        try (Engine engine = Engine.inMemory()) {
            for (String block : file.statements()) {
                runScript(engine, file.file().getFileName() + ": " + block, block);
            }
        }
    }

    private void runScript(Engine engine, String label, String script) {
        statements++;
        try {
            for (StatementResult result : engine.executeScript(script)) {
                drain(result);
            }
        } catch (Throwable e) {
            record(label, e);
        }
    }

    // ---- the generator -------------------------------------------------------------------------

    private void runGeneratedRound(int round) throws Exception {
        OracleRunner.RoundCase c = OracleRunner.generate(SEED, round, QUERIES_PER_ROUND);
        try (Engine engine = Engine.inMemory()) {
            Engines.load(engine, c.input());
            for (OracleQuery q : c.queries()) {
                if (excused(q)) {
                    continue;
                }
                try {
                    for (String view : q.weirSetup()) {
                        engine.execute(view);
                    }
                } catch (Throwable e) {
                    record("round " + round + " setup of " + q.weirSql(), e);
                    continue;
                }
                for (Realization r : List.of(Realization.TABLE, Realization.STREAM)) {
                    String sql = q.weirStatement(r, "unused");
                    statements++;
                    try {
                        drain(engine.execute(sql));
                    } catch (Throwable e) {
                        record("round " + round + ": " + sql, e);
                    }
                }
            }
        }
    }

    /** A generated query of a shape an excused known bug spoils. */
    private static boolean excused(OracleQuery q) {
        return KnownBugs.ALL.stream()
                .filter(b -> EXCUSED.containsKey(b.id()))
                .anyMatch(
                        b ->
                                b.spoils().test(q, Realization.TABLE)
                                        || b.spoils().test(q, Realization.STREAM));
    }

    // ---- outcomes ------------------------------------------------------------------------------

    /** Reads a result to its end: a continuous query's job may fail on its rows. */
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
                // the rows are not checked here: only that none fails uncoded
            }
        } finally {
            query.cancel();
        }
    }

    private void record(String label, Throwable e) {
        if (e instanceof WeirException w && w.code() != ErrorCode.INTERNAL_ERROR) {
            return; // a coded refusal or data error: right
        }
        String message = String.valueOf(e.getMessage());
        Optional<String> known =
                EXCUSED.entrySet().stream()
                        .filter(x -> message.contains(x.getValue()))
                        .map(Map.Entry::getKey)
                        .findFirst();
        if (known.isEmpty()) {
            internalErrors.add(label.replaceAll("\\s+", " ") + "\n    -> " + e);
        }
    }
}
