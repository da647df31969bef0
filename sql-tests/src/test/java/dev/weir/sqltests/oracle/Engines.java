package dev.weir.sqltests.oracle;

import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Weir engines for the oracle: in memory, or durable in a temporary directory. */
final class Engines {
    private static final long CATCH_UP_MILLIS = 30_000;

    private Engines() {}

    /** The relations' DDL, then every row. */
    static void load(Engine engine, OracleInput input) {
        createRelations(engine, input);
        for (Relation r : input.relations()) {
            insert(engine, input, r.name(), 0, input.rowsOf(r.name()).size());
        }
    }

    static void createRelations(Engine engine, OracleInput input) {
        for (Relation r : input.relations()) {
            engine.execute(r.weirDdl());
        }
    }

    static void insert(Engine engine, OracleInput input, String relation, int from, int to) {
        for (String insert : input.weirInserts(relation, from, to)) {
            engine.execute(insert);
        }
    }

    static void awaitViews(Engine engine) throws InterruptedException {
        if (!engine.awaitViewsCaughtUp(CATCH_UP_MILLIS)) {
            throw new IllegalStateException("materialized views did not catch up");
        }
    }

    static Path newDataDir() {
        try {
            return Files.createTempDirectory("weir-oracle");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Engine durable(Path dir) {
        return Engine.open(dir, FsyncPolicy.NEVER, 0);
    }

    static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
