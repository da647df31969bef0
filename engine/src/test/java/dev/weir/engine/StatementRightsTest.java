package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each role against each kind of statement, and who may cancel whose query. */
class StatementRightsTest {
    private Engine engine;

    @BeforeEach
    void start() {
        engine = Engine.inMemory();
        engine.executeScript(
                "CREATE STREAM s (a INT); CREATE STREAM sink (a INT);"
                        + " CREATE TABLE t (k INT PRIMARY KEY, v INT); INSERT INTO s VALUES (1);");
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** A statement, its kind as a refusal names it, and the least role that may run it. */
    private record Case(String sql, String kind, Role least) {}

    private static final List<Case> CASES =
            List.of(
                    new Case("SELECT a FROM s", "SELECT", Role.READER),
                    new Case("SELECT a FROM s EMIT STREAM", "SELECT", Role.READER),
                    new Case("SHOW STREAMS", "SHOW", Role.READER),
                    new Case("DESCRIBE s", "DESCRIBE", Role.READER),
                    new Case("EXPLAIN SELECT a FROM s", "EXPLAIN", Role.READER),
                    new Case("SELECT * FROM sys.queries", "SELECT", Role.READER),
                    new Case("INSERT INTO s VALUES (2)", "INSERT", Role.WRITER),
                    new Case("UPSERT INTO t VALUES (1, 1)", "UPSERT", Role.WRITER),
                    new Case("UPDATE t SET v = 2 WHERE k = 1", "UPDATE", Role.WRITER),
                    new Case("DELETE FROM t WHERE k = 1", "DELETE", Role.WRITER),
                    new Case("INSERT INTO sink SELECT a FROM s", "INSERT", Role.WRITER),
                    new Case("CREATE STREAM s2 (a INT)", "CREATE STREAM", Role.ADMIN),
                    new Case("CREATE TABLE t2 (k INT PRIMARY KEY)", "CREATE TABLE", Role.ADMIN),
                    new Case("CREATE VIEW v AS SELECT a FROM s", "CREATE VIEW", Role.ADMIN),
                    new Case(
                            "CREATE MATERIALIZED VIEW mv AS SELECT a, COUNT(*) AS n FROM s"
                                    + " GROUP BY a",
                            "CREATE MATERIALIZED VIEW",
                            Role.ADMIN),
                    new Case("DROP MATERIALIZED VIEW mv", "DROP MATERIALIZED VIEW", Role.ADMIN),
                    new Case("DROP VIEW v", "DROP VIEW", Role.ADMIN),
                    new Case("DROP TABLE t2", "DROP TABLE", Role.ADMIN),
                    new Case("DROP STREAM s2", "DROP STREAM", Role.ADMIN));

    private static boolean allows(Role role, Role least) {
        // The roles are declared from the most rights to the fewest.
        return role.ordinal() <= least.ordinal();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void eachRoleRunsWhatItMayAndIsRefusedTheRestAtTheStatementsPosition(Role role) {
        Caller caller = Caller.of("u", role);
        for (Case c : CASES) {
            if (allows(role, c.least())) {
                StatementResult result = engine.execute(c.sql(), caller);
                if (result instanceof StatementResult.Continuous continuous) {
                    assertThat(continuous.query().owner()).contains("u");
                    continuous.query().cancel();
                }
            } else {
                long before = engine.refusals().privilege();
                assertThatThrownBy(() -> engine.execute("  " + c.sql(), caller))
                        .as(c.sql())
                        .isInstanceOfSatisfying(
                                WeirException.class,
                                e -> {
                                    assertThat(e.code())
                                            .isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
                                    assertThat(e.getMessage())
                                            .isEqualTo(
                                                    "line 1:3: Permission denied: user 'u' (role "
                                                            + role.label()
                                                            + ") may not run "
                                                            + c.kind()
                                                            + "; a "
                                                            + role.label()
                                                            + " may run "
                                                            + role.rights()
                                                            + ".");
                                });
                assertThat(engine.refusals().privilege()).isEqualTo(before + 1);
            }
        }
        // What was refused did nothing.
        assertThat(engine.catalog().find("s2")).isEqualTo(Optional.empty());
        assertThat(engine.persistentQueries()).hasSize(allows(role, Role.WRITER) ? 1 : 0);
    }

    @Test
    void withoutACallerEverythingIsAllowedAsBefore() {
        for (Case c : CASES) {
            if (engine.execute(c.sql()) instanceof StatementResult.Continuous continuous) {
                assertThat(continuous.query().owner()).isEmpty();
                continuous.query().cancel();
            }
        }
        assertThat(engine.refusals().privilege()).isZero();
    }

    private ContinuousQuery start(Caller caller) {
        return ((StatementResult.Continuous) engine.execute("SELECT a FROM s EMIT STREAM", caller))
                .query();
    }

    private void refusedCancel(String id, Caller caller, String message) {
        assertThatThrownBy(() -> engine.execute("CANCEL QUERY '" + id + "'", caller))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
                            assertThat(e.getMessage()).isEqualTo(message);
                        });
        assertThat(
                        engine.continuousQueries().find(id).isPresent()
                                || engine.persistentQueries().containsKey(id))
                .isTrue();
    }

    @Test
    void aUserCancelsTheirOwnQueriesAnAdminAnyones() {
        Caller rob = Caller.of("rob", Role.READER);
        Caller rae = Caller.of("rae", Role.READER);
        Caller wes = Caller.of("wes", Role.WRITER);
        Caller ann = Caller.of("ann", Role.ADMIN);

        ContinuousQuery robs = start(rob);
        refusedCancel(
                robs.id(),
                rae,
                "line 1:1: Permission denied: query '"
                        + robs.id()
                        + "' was started by another user; user 'rae' (role reader) may cancel"
                        + " only the queries they started (an admin may cancel any).");
        refusedCancel(
                robs.id(),
                wes,
                "line 1:1: Permission denied: query '"
                        + robs.id()
                        + "' was started by another user; user 'wes' (role writer) may cancel"
                        + " only the queries they started (an admin may cancel any).");
        engine.execute("CANCEL QUERY '" + robs.id() + "'", rob);
        assertThat(robs.isCancelled()).isTrue();

        ContinuousQuery again = start(rob);
        engine.execute("CANCEL QUERY '" + again.id() + "'", ann);
        assertThat(again.isCancelled()).isTrue();

        // A query nobody logged in for (the embedded engine's) is nobody's to cancel but an
        // admin's.
        ContinuousQuery embedded = start(Caller.EMBEDDED);
        refusedCancel(
                embedded.id(),
                new Caller(Optional.empty(), Role.READER),
                "line 1:1: Permission denied: query '"
                        + embedded.id()
                        + "' was started by another user; this session (role reader) may cancel"
                        + " only the queries they started (an admin may cancel any).");
        engine.execute("CANCEL QUERY '" + embedded.id() + "'", ann);

        engine.execute("INSERT INTO sink SELECT a FROM s", wes);
        String persistent = engine.persistentQueries().keySet().iterator().next();
        refusedCancel(
                persistent,
                wes,
                "line 1:1: Permission denied: query '"
                        + persistent
                        + "' is a persistent INSERT ... SELECT, which only an admin may cancel;"
                        + " user 'wes' (role writer) may cancel only the continuous queries they"
                        + " started.");
        engine.execute("CANCEL QUERY '" + persistent + "'", ann);
        assertThat(engine.persistentQueries()).isEmpty();
    }

    @Test
    void rolesAreNamedInAnyCase() {
        assertThat(Role.named("Admin")).contains(Role.ADMIN);
        assertThat(Role.named("WRITER")).contains(Role.WRITER);
        assertThat(Role.named("reader")).contains(Role.READER);
        assertThat(Role.named("root")).isEmpty();
        assertThat(Role.READER.label()).isEqualTo("reader");
    }
}
