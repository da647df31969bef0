package dev.weir.sqltests.oracle;

import dev.weir.engine.Engine;
import java.nio.file.Path;

/**
 * One query under one realization on fresh engines: what the shrinker re-runs for each candidate.
 */
final class QueryRun {
    private QueryRun() {}

    static Outcome run(OracleInput input, OracleQuery q, Realization r) throws Exception {
        if (r == Realization.VIEW_RESTART) {
            Path dir = Engines.newDataDir();
            try {
                Engine engine = Engines.durable(dir);
                try {
                    Engines.createRelations(engine, input);
                    Outcome setup = setUp(engine, q, r);
                    if (setup != null) {
                        return setup;
                    }
                    insertHalf(engine, input, true);
                    engine.close();
                    engine = Engines.durable(dir);
                    insertHalf(engine, input, false);
                    Engines.awaitViews(engine);
                    return WeirRealizer.readView(engine, "mv");
                } catch (Throwable e) {
                    return WeirRealizer.failure(e);
                } finally {
                    engine.close();
                }
            } finally {
                Engines.delete(dir);
            }
        }
        try (Engine engine = Engine.inMemory()) {
            if (r == Realization.VIEW) {
                Engines.createRelations(engine, input);
                Outcome setup = setUp(engine, q, r);
                if (setup != null) {
                    return setup;
                }
                insertHalf(engine, input, true);
                insertHalf(engine, input, false);
                try {
                    Engines.awaitViews(engine);
                } catch (Throwable e) {
                    return WeirRealizer.failure(e);
                }
                return WeirRealizer.readView(engine, "mv");
            }
            Engines.load(engine, input);
            Outcome setup = setUp(engine, q, r);
            if (setup != null) {
                return setup;
            }
            return WeirRealizer.run(
                    engine,
                    q.weirStatement(r, "mv"),
                    q.ordered(),
                    r == Realization.FINAL && q.lateness() == 0,
                    r == Realization.DELAY);
        }
    }

    /** Creates the query's views (and its materialized view); an outcome if that failed. */
    static Outcome setUp(Engine engine, OracleQuery q, Realization r) {
        try {
            for (String view : q.weirSetup()) {
                engine.execute(view);
            }
            if (r == Realization.VIEW || r == Realization.VIEW_RESTART) {
                engine.execute(q.weirStatement(r, "mv"));
            }
            return null;
        } catch (Throwable e) {
            return WeirRealizer.failure(e);
        }
    }

    /** The first or second half of every relation's rows. */
    static void insertHalf(Engine engine, OracleInput input, boolean first) {
        for (Relation rel : input.relations()) {
            int n = input.rowsOf(rel.name()).size();
            int half = n / 2;
            Engines.insert(engine, input, rel.name(), first ? 0 : half, first ? half : n);
        }
    }
}
