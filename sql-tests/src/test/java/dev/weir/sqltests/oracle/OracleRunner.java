package dev.weir.sqltests.oracle;

import dev.weir.engine.Engine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The differential oracle: rounds of one generated input and a batch of generated queries, each
 * query under every realization that applies, each compared with DuckDB's answer.
 *
 * <p>A round loads its input once per engine: an in-memory engine (the materialized views are
 * created before the input, the other realizations run after it) and a durable one restarted in the
 * middle of the input (its materialized views must come back and go on).
 */
final class OracleRunner {
    /** What a run is told to do. */
    record Options(
            long seed,
            int firstRound,
            int rounds,
            int queriesPerRound,
            boolean skipKnownBugs,
            int maxShrinks,
            PrintStream out) {}

    private final Options options;
    private final Stats stats = new Stats();
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Integer> shrunkPerSignature = new HashMap<>();
    private final List<Failure> shrunk = new ArrayList<>();

    OracleRunner(Options options) {
        this.options = options;
    }

    /** What a run counted. */
    static final class Stats {
        int queries;
        int realizations;
        int skippedKnown;
        int referenceErrors;
        int partitionChecks;
        final Map<String, Integer> refusals = new TreeMap<>();
        final Map<String, Integer> unpositionedRefusals = new TreeMap<>();
        final Map<Realization, Integer> perRealization = new EnumMap<>(Realization.class);
        final Map<String, Integer> skippedPerBug = new TreeMap<>();
        final Map<String, Long> millis = new TreeMap<>();
        final Map<String, String> refusalExamples = new TreeMap<>();

        void time(String what, long startNanos) {
            millis.merge(what, (System.nanoTime() - startNanos) / 1_000_000, Long::sum);
        }
    }

    Stats stats() {
        return stats;
    }

    List<Failure> failures() {
        return failures;
    }

    List<Failure> shrunk() {
        return shrunk;
    }

    void run() throws Exception {
        for (int round = options.firstRound();
                round < options.firstRound() + options.rounds();
                round++) {
            round(round);
        }
    }

    static long roundSeed(long seed, int round) {
        return new Random(seed ^ (0x9E3779B97F4A7C15L * (round + 1))).nextLong();
    }

    /** The input and queries of a round, regenerated from the seed (to print a repro). */
    record RoundCase(OracleInput input, List<OracleQuery> queries) {}

    static RoundCase generate(long seed, int round, int queries) {
        Random random = new Random(roundSeed(seed, round));
        OracleInput input = new InputGenerator(random).generate();
        QueryGenerator generator = new QueryGenerator(random);
        List<OracleQuery> list = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            list.add(generator.next());
        }
        return new RoundCase(input, list);
    }

    private void round(int round) throws Exception {
        referenceCache.clear(); // its answers are for one round's input
        partitions.clear();
        RoundCase c = generate(options.seed(), round, options.queriesPerRound());
        OracleInput input = c.input();
        List<OracleQuery> queries = c.queries();
        Map<Integer, Map<Realization, Outcome>> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            outcomes.put(i, new EnumMap<>(Realization.class));
        }
        boolean withDelay = round % 3 == 0;
        long t0 = System.nanoTime();
        runInMemory(input, queries, outcomes, withDelay);
        stats.time("in-memory engine", t0);
        t0 = System.nanoTime();
        runRestarted(input, queries, outcomes);
        stats.time("durable engine with restart", t0);
        t0 = System.nanoTime();
        try (Reference reference = new Reference()) {
            reference.load(input);
            for (int i = 0; i < queries.size(); i++) {
                OracleQuery q = queries.get(i);
                stats.queries++;
                try {
                    for (String view : q.duckSetup(input)) {
                        reference.execute(view);
                    }
                } catch (SQLException e) {
                    stats.referenceErrors++;
                    options.out().println("REFERENCE ERROR (a harness bug): " + e.getMessage());
                    continue;
                }
                for (Map.Entry<Realization, Outcome> e : outcomes.get(i).entrySet()) {
                    judge(
                            reference,
                            input,
                            round,
                            i,
                            q,
                            e.getKey(),
                            e.getValue(),
                            outcomes.get(i).get(Realization.TABLE));
                }
                if (partitions.containsKey(i)) {
                    judgePartitions(
                            input,
                            round,
                            i,
                            q,
                            outcomes.get(i).get(Realization.TABLE),
                            partitions.get(i));
                }
            }
        }
        stats.time("reference and judging", t0);
    }

    private boolean skipped(OracleQuery q, Realization r) {
        if (!options.skipKnownBugs()) {
            return false;
        }
        Optional<KnownBugs.KnownBug> bug = KnownBugs.spoiling(q, r);
        bug.ifPresent(
                b -> {
                    stats.skippedKnown++;
                    stats.skippedPerBug.merge(b.id(), 1, Integer::sum);
                });
        return bug.isPresent();
    }

    private void runInMemory(
            OracleInput input,
            List<OracleQuery> queries,
            Map<Integer, Map<Realization, Outcome>> outcomes,
            boolean withDelay)
            throws Exception {
        try (Engine engine = Engine.inMemory()) {
            Engines.createRelations(engine, input);
            long t0 = System.nanoTime();
            Map<Integer, Outcome> broken = setUpAll(engine, queries, Realization.VIEW, outcomes);
            stats.time("memory: create views", t0);
            t0 = System.nanoTime();
            QueryRun.insertHalf(engine, input, true);
            QueryRun.insertHalf(engine, input, false);
            stats.time("memory: insert", t0);
            t0 = System.nanoTime();
            try {
                Engines.awaitViews(engine);
            } catch (IllegalStateException e) {
                // A view's job failed or hung: each view is read below and tells its own story.
            }
            stats.time("memory: await", t0);
            // Read the views, then drop them: their idle jobs would slow every other query.
            for (int i = 0; i < queries.size(); i++) {
                OracleQuery q = queries.get(i);
                if (!q.realizations(i, false).contains(Realization.VIEW)
                        || broken.containsKey(i)
                        || outcomes.get(i).containsKey(Realization.VIEW)
                        || (options.skipKnownBugs()
                                && KnownBugs.spoiling(q, Realization.VIEW).isPresent())) {
                    continue;
                }
                outcomes.get(i).put(Realization.VIEW, WeirRealizer.readView(engine, "mv" + i));
                try {
                    engine.execute("DROP MATERIALIZED VIEW mv" + i);
                } catch (RuntimeException e) {
                    // It stays: only slower.
                }
            }
            for (int i = 0; i < queries.size(); i++) {
                OracleQuery q = queries.get(i);
                for (Realization r : q.realizations(i, withDelay)) {
                    if (r == Realization.VIEW_RESTART || r == Realization.VIEW || skipped(q, r)) {
                        continue; // the views are read above and below
                    }
                    Outcome o;
                    if (broken.containsKey(i)) {
                        o = broken.get(i);
                    } else {
                        long started = System.nanoTime();
                        o =
                                WeirRealizer.run(
                                        engine,
                                        q.weirStatement(r, "mv" + i),
                                        q.ordered(),
                                        r == Realization.FINAL && q.lateness() == 0,
                                        r == Realization.DELAY);
                        stats.time(r.name(), started);
                    }
                    outcomes.get(i).put(r, o);
                    if (r == Realization.TABLE && q.partition().isPresent()) {
                        List<Outcome> parts = new ArrayList<>();
                        for (OracleQuery part : q.partitions()) {
                            parts.add(
                                    WeirRealizer.run(engine, part.weirSql(), false, false, false));
                        }
                        partitions.put(i, parts);
                    }
                }
            }
        }
    }

    /**
     * Creates every query's views and materialized view (for {@code r}); the queries whose setup
     * failed, with how. A failed materialized view alone is that realization's outcome.
     */
    private Map<Integer, Outcome> setUpAll(
            Engine engine,
            List<OracleQuery> queries,
            Realization r,
            Map<Integer, Map<Realization, Outcome>> outcomes) {
        Map<Integer, Outcome> broken = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            OracleQuery q = queries.get(i);
            if (r == Realization.VIEW) {
                try {
                    for (String view : q.weirSetup()) {
                        engine.execute(view);
                    }
                } catch (Throwable e) {
                    broken.put(i, WeirRealizer.failure(e));
                    continue;
                }
            }
            if (!q.realizations(i, false).contains(r) || skipped(q, r)) {
                continue;
            }
            try {
                if (r == Realization.VIEW_RESTART) {
                    for (String view : q.weirSetup()) {
                        engine.execute(view);
                    }
                }
                engine.execute(q.weirStatement(r, "mv" + i));
            } catch (Throwable e) {
                outcomes.get(i).put(r, WeirRealizer.failure(e));
            }
        }
        return broken;
    }

    private void runRestarted(
            OracleInput input,
            List<OracleQuery> queries,
            Map<Integer, Map<Realization, Outcome>> outcomes)
            throws Exception {
        Path dir = Engines.newDataDir();
        try {
            Map<Integer, Outcome> created = new HashMap<>();
            long t0 = System.nanoTime();
            Engine engine = Engines.durable(dir);
            try {
                Engines.createRelations(engine, input);
                stats.time("restart: open, DDL", t0);
                t0 = System.nanoTime();
                setUpAll(engine, queries, Realization.VIEW_RESTART, outcomes);
                stats.time("restart: create views", t0);
                t0 = System.nanoTime();
                QueryRun.insertHalf(engine, input, true);
                stats.time("restart: insert", t0);
                t0 = System.nanoTime();
                engine.close();
                stats.time("restart: close", t0);
                t0 = System.nanoTime();
                engine = Engines.durable(dir);
                stats.time("restart: reopen", t0);
                t0 = System.nanoTime();
                QueryRun.insertHalf(engine, input, false);
                try {
                    Engines.awaitViews(engine);
                } catch (IllegalStateException e) {
                    // Each view is read below and tells its own story.
                }
                stats.time("restart: insert, await", t0);
                for (int i = 0; i < queries.size(); i++) {
                    OracleQuery q = queries.get(i);
                    if (!q.realizations(i, false).contains(Realization.VIEW_RESTART)
                            || outcomes.get(i).containsKey(Realization.VIEW_RESTART)
                            || (options.skipKnownBugs()
                                    && KnownBugs.spoiling(q, Realization.VIEW_RESTART)
                                            .isPresent())) {
                        continue;
                    }
                    created.put(i, WeirRealizer.readView(engine, "mv" + i));
                }
            } finally {
                engine.close();
            }
            created.forEach((i, o) -> outcomes.get(i).put(Realization.VIEW_RESTART, o));
        } finally {
            Engines.delete(dir);
        }
    }

    private final Map<String, List<String>> referenceCache = new HashMap<>();

    /** Per query of the round, the outcomes of its three partitions (ternary logic). */
    private final Map<Integer, List<Outcome>> partitions = new HashMap<>();

    private void judge(
            Reference reference,
            OracleInput input,
            int round,
            int i,
            OracleQuery q,
            Realization r,
            Outcome o,
            Outcome table)
            throws Exception {
        stats.realizations++;
        stats.perRealization.merge(r, 1, Integer::sum);
        Optional<KnownBugs.KnownBug> bug = KnownBugs.spoiling(q, r);
        if (q.mustBeRefused()) {
            if (o instanceof Outcome.Refused refused) {
                count(q, r, refused);
            } else {
                fail(
                        new Failure(
                                o instanceof Outcome.Internal ? "INTERNAL" : "NOT_REFUSED",
                                options.seed(),
                                round,
                                i,
                                q,
                                r,
                                input,
                                List.of(),
                                o,
                                bug));
            }
            return;
        }
        if (o instanceof Outcome.Refused refused) {
            count(q, r, refused);
            return;
        }
        if (o instanceof Outcome.Internal) {
            fail(new Failure("INTERNAL", options.seed(), round, i, q, r, input, List.of(), o, bug));
            return;
        }
        Outcome.Answer answer = (Outcome.Answer) o;
        if (!answer.violations().isEmpty()) {
            fail(
                    new Failure(
                            "VIOLATION", options.seed(), round, i, q, r, input, List.of(), o, bug));
            return;
        }
        List<String> expected;
        try {
            expected = reference(reference, input, q, r);
        } catch (SQLException e) {
            stats.referenceErrors++;
            options.out()
                    .println(
                            "REFERENCE ERROR (a harness bug): "
                                    + e.getMessage()
                                    + "\n  "
                                    + q.duckSql(input, r));
            // Metamorphic fall-back: the realization must at least equal the table realization.
            if (r != Realization.TABLE
                    && table instanceof Outcome.Answer t
                    && !r.completeOnly(q)
                    && !t.rows().equals(answer.rows())) {
                fail(
                        new Failure(
                                "MISMATCH",
                                options.seed(),
                                round,
                                i,
                                q,
                                r,
                                input,
                                t.rows(),
                                o,
                                bug));
            }
            return;
        }
        if (!expected.equals(answer.rows())) {
            fail(new Failure("MISMATCH", options.seed(), round, i, q, r, input, expected, o, bug));
        }
    }

    /**
     * Ternary logic partitioning: the rows WHERE p, WHERE NOT p and WHERE p IS NULL together are
     * the query's rows, with no reference involved.
     */
    private void judgePartitions(
            OracleInput input, int round, int i, OracleQuery q, Outcome table, List<Outcome> parts)
            throws Exception {
        if (!(table instanceof Outcome.Answer whole)) {
            return;
        }
        stats.realizations++;
        stats.partitionChecks++;
        List<String> union = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            Outcome part = parts.get(p);
            if (part instanceof Outcome.Internal) {
                // Reported (and shrunk) as the partition that failed, not as the whole query.
                OracleQuery failing = q.partitions().get(p);
                fail(
                        new Failure(
                                "INTERNAL",
                                options.seed(),
                                round,
                                i,
                                failing,
                                Realization.TABLE,
                                input,
                                List.of(),
                                part,
                                KnownBugs.spoiling(failing, Realization.TABLE)));
                return;
            }
            if (!(part instanceof Outcome.Answer a)) {
                return; // refused: nothing to compare
            }
            union.addAll(a.rows());
        }
        if (!Canonical.sorted(union).equals(whole.rows())) {
            fail(
                    new Failure(
                            "PARTITION",
                            options.seed(),
                            round,
                            i,
                            q,
                            Realization.TABLE,
                            input,
                            whole.rows(),
                            new Outcome.Answer(Canonical.sorted(union), List.of()),
                            KnownBugs.spoiling(q, Realization.TABLE)));
        }
    }

    private List<String> reference(
            Reference reference, OracleInput input, OracleQuery q, Realization r)
            throws SQLException {
        String sql = q.duckSql(input, r);
        List<String> cached = referenceCache.get(sql);
        if (cached == null) {
            cached = reference.rows(sql, q.ordered());
            referenceCache.put(sql, cached);
        }
        return cached;
    }

    private void count(OracleQuery q, Realization r, Outcome.Refused refused) {
        String key = q.shape() + " " + r + " " + refused.code();
        stats.refusals.merge(key, 1, Integer::sum);
        stats.refusalExamples.putIfAbsent(key, refused.message() + "\n      " + q.weirSql());
        if (!refused.positioned()) {
            stats.unpositionedRefusals.merge(key + ": " + refused.message(), 1, Integer::sum);
        }
    }

    private void fail(Failure f) throws Exception {
        if (f.knownBug().isEmpty()) {
            Optional<KnownBugs.KnownBug> shown = KnownBugs.showing(f.actual());
            if (shown.isPresent()) {
                f = f.withKnownBug(shown.get());
            }
        }
        if (options.skipKnownBugs() && f.knownBug().isPresent()) {
            // Struck where the shape could not tell in advance: counted, not failed.
            stats.skippedKnown++;
            stats.skippedPerBug.merge(f.knownBug().get().id(), 1, Integer::sum);
            return;
        }
        failures.add(f);
        String signature = f.shrinkKey();
        int done = shrunkPerSignature.getOrDefault(signature, 0);
        if (options.maxShrinks() > shrunk.size() && done < 1) {
            shrunkPerSignature.put(signature, done + 1);
            Failure small = new Shrinker(options.out()).shrink(f);
            shrunk.add(small);
            options.out().println(Report.describe(small, true));
        } else {
            shrunkPerSignature.merge(signature, 1, Integer::sum);
            options.out().println(Report.describe(f, false));
        }
    }

    /** How often each signature failed. */
    Map<String, Integer> signatures() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Failure f : failures) {
            counts.merge(f.signature(), 1, Integer::sum);
        }
        return counts;
    }

    static Set<String> shapes(List<OracleQuery> queries) {
        Set<String> out = new java.util.TreeSet<>();
        for (OracleQuery q : queries) {
            out.add(q.shape());
        }
        return out;
    }
}
