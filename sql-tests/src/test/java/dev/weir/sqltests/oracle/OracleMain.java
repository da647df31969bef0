package dev.weir.sqltests.oracle;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A big oracle run from a fresh seed (or a given one): prints the seed, the counts, and every
 * shrunk failure. See docs/testing.md for the command.
 *
 * <p>Arguments: {@code [queries [seed [queriesPerRound [maxShrinks]]]]}; the known bugs run too.
 */
public final class OracleMain {
    private OracleMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("replay")) {
            replay(
                    Long.parseLong(args[1]),
                    Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]),
                    Realization.valueOf(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : 25);
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("ci")) {
            // The CI test's run (known bugs skipped), outside JUnit.
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            quietLogs();
            long start = System.nanoTime();
            OracleRunner runner =
                    new OracleRunner(
                            new OracleRunner.Options(
                                    OracleTest.SEED,
                                    0,
                                    OracleTest.ROUNDS,
                                    OracleTest.QUERIES_PER_ROUND,
                                    true,
                                    5,
                                    out));
            runner.run();
            out.println(
                    summary(runner, OracleTest.SEED, (System.nanoTime() - start) / 1_000_000_000L));
            System.exit(0);
        }
        int firstRound = 0;
        if (args.length > 0 && args[0].startsWith("from-round=")) {
            firstRound = Integer.parseInt(args[0].substring("from-round=".length()));
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        long seed =
                args.length > 1 && !args[1].equals("-")
                        ? Long.parseLong(args[1])
                        : new java.security.SecureRandom().nextLong();
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        int maxShrinks = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        quietLogs();
        out.println(
                "oracle: seed " + seed + ", " + queries + " queries, " + perRound + " per round");
        long start = System.nanoTime();
        OracleRunner runner =
                new OracleRunner(
                        new OracleRunner.Options(
                                seed,
                                firstRound,
                                Math.max(1, queries / perRound),
                                perRound,
                                false,
                                maxShrinks,
                                out));
        runner.run();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        out.println(summary(runner, seed, seconds));
        System.exit(0);
    }

    /**
     * Runs one generated query of a past run again under one realization, and shrinks it if it
     * fails: {@code replay SEED ROUND QUERY REALIZATION [queriesPerRound]}.
     */
    static void replay(long seed, int round, int query, Realization r, int perRound)
            throws Exception {
        quietLogs();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        OracleRunner.RoundCase c = OracleRunner.generate(seed, round, perRound);
        OracleQuery q = c.queries().get(query);
        Outcome o = QueryRun.run(c.input(), q, r);
        java.util.List<String> expected = java.util.List.of();
        String kind = "MISMATCH";
        if (o instanceof Outcome.Internal) {
            kind = "INTERNAL";
        } else if (o instanceof Outcome.Answer a && !a.violations().isEmpty()) {
            kind = "VIOLATION";
        } else if (o instanceof Outcome.Answer a) {
            try (Reference reference = new Reference()) {
                reference.load(c.input());
                for (String view : q.duckSetup(c.input())) {
                    reference.execute(view);
                }
                expected = reference.rows(q.duckSql(c.input(), r), q.ordered());
            }
            if (expected.equals(a.rows())) {
                out.println("replay: the realization agrees with the reference now");
                return;
            }
        } else {
            out.println("replay: refused: " + o);
            return;
        }
        Failure f =
                new Failure(
                        kind,
                        seed,
                        round,
                        query,
                        q,
                        r,
                        c.input(),
                        expected,
                        o,
                        KnownBugs.spoiling(q, r));
        out.println(Report.describe(new Shrinker(out).shrink(f), true));
    }

    /** The engine logs every view's recovery at INFO: thousands of lines in a big run. */
    static void quietLogs() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
    }

    static String summary(OracleRunner runner, long seed, long seconds) {
        OracleRunner.Stats s = runner.stats();
        StringBuilder b = new StringBuilder();
        b.append("=== oracle summary: seed ")
                .append(seed)
                .append(", ")
                .append(s.queries)
                .append(" queries, ")
                .append(s.realizations)
                .append(" realizations in ")
                .append(seconds)
                .append(" s; ")
                .append(runner.failures().size())
                .append(" failures, ")
                .append(s.referenceErrors)
                .append(" reference errors, ")
                .append(s.skippedKnown)
                .append(" skipped for known bugs\n");
        b.append("realizations: ").append(s.perRealization).append('\n');
        b.append("milliseconds: ").append(s.millis).append('\n');
        b.append("failures by signature (kind/realization/shape/known bug/detail):\n");
        for (Map.Entry<String, Integer> e : runner.signatures().entrySet()) {
            b.append("  ").append(e.getValue()).append("  ").append(e.getKey()).append('\n');
        }
        b.append("refusals (shape realization code):\n");
        s.refusals.forEach((k, v) -> b.append("  ").append(v).append("  ").append(k).append('\n'));
        b.append("a refusal of each kind:\n");
        s.refusalExamples.forEach(
                (k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        if (!s.unpositionedRefusals.isEmpty()) {
            b.append("refusals without a position:\n");
            s.unpositionedRefusals.forEach(
                    (k, v) -> b.append("  ").append(v).append("  ").append(k).append('\n'));
        }
        if (!s.skippedPerBug.isEmpty()) {
            b.append("skipped per known bug: ").append(s.skippedPerBug).append('\n');
        }
        return b.toString();
    }
}
