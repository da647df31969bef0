package dev.weir.server.avatica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Caller;
import dev.weir.engine.Engine;
import dev.weir.engine.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that name connections and statements that are not there, or not the caller's: Avatica's
 * errors for them, as its own server gives, and nothing changes on the server.
 */
class UnknownIdsTest {
    private Engine engine;
    private WeirMeta meta;
    private final Meta.ConnectionHandle mine = new Meta.ConnectionHandle("mine");
    private final Meta.ConnectionHandle other = new Meta.ConnectionHandle("other");

    @BeforeEach
    void open() {
        engine = Engine.inMemory();
        engine.execute("CREATE STREAM s (v INT)");
        engine.execute("INSERT INTO s VALUES (1), (2)");
        meta = new WeirMeta(engine);
        meta.openConnection(mine, Map.of());
        meta.openConnection(other, Map.of());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aStatementWithRandomIdsIsMissingAndEveryoneStillDisconnects() throws Exception {
        Meta.StatementHandle random = new Meta.StatementHandle("x-7f3a", 912_345, null);
        assertThatThrownBy(() -> meta.prepareAndExecute(random, "SELECT 1", -1, -1, null))
                .isInstanceOf(NoSuchStatementException.class);
        Meta.StatementHandle noConnection = new Meta.StatementHandle(null, 3, null);
        assertThatThrownBy(() -> meta.prepareAndExecute(noConnection, "SELECT 1", -1, -1, null))
                .isInstanceOf(NoSuchStatementException.class);
        assertThatThrownBy(() -> meta.execute(random, List.of(), -1))
                .isInstanceOf(NoSuchStatementException.class);
        assertThatThrownBy(() -> meta.prepareAndExecuteBatch(random, List.of("SELECT 1")))
                .isInstanceOf(NoSuchStatementException.class);
        assertThatThrownBy(() -> meta.syncResults(random, null, 0))
                .isInstanceOf(NoSuchStatementException.class);
        // The malformed requests registered nothing: every connection closes as it should.
        meta.closeConnection(mine);
        meta.closeConnection(new Meta.ConnectionHandle(null));
        meta.closeConnection(new Meta.ConnectionHandle("never-opened"));
        meta.closeConnection(other);
        assertThat(meta.connectionCount()).isZero();
        assertThat(meta.expireIdle(0)).isEqualTo(new WeirMeta.Expired(List.of(), 0));
    }

    @Test
    void anUnknownConnectionIsAvaticasMissingConnection() {
        Meta.ConnectionHandle unknown = new Meta.ConnectionHandle("unknown");
        assertThatThrownBy(() -> meta.createStatement(unknown))
                .isInstanceOf(NoSuchConnectionException.class)
                .hasMessage("Connection not found: invalid id, closed, or expired: unknown");
        assertThatThrownBy(() -> meta.prepare(unknown, "SELECT v FROM s", -1))
                .isInstanceOf(NoSuchConnectionException.class);
        assertThatThrownBy(() -> meta.connectionSync(unknown, null))
                .isInstanceOf(NoSuchConnectionException.class);
        assertThatThrownBy(() -> meta.getTables(unknown, null, null, null, null))
                .isInstanceOf(NoSuchConnectionException.class);
        assertThatThrownBy(() -> meta.commit(unknown))
                .isInstanceOf(NoSuchConnectionException.class);
        assertThat(meta.connectionCount()).isEqualTo(2);
    }

    @Test
    void anotherConnectionsStatementIsMissingAndKeepsRunning() throws Exception {
        Meta.StatementHandle theirs = meta.createStatement(other);
        Meta.ExecuteResult result =
                meta.prepareAndExecute(theirs, "SELECT v FROM s EMIT STREAM", -1, -1, null);
        List<Object> first = new ArrayList<>();
        result.resultSets.get(0).firstFrame.rows.forEach(first::add);
        first.addAll(rowsFrom(theirs, first.size(), 2 - first.size()));
        assertThat(first).hasSize(2);
        Meta.StatementHandle posing = new Meta.StatementHandle(mine.id, theirs.id, null);
        assertThatThrownBy(() -> meta.fetch(posing, 0, 10))
                .isInstanceOf(NoSuchStatementException.class);
        assertThatThrownBy(() -> meta.prepareAndExecute(posing, "SELECT 2", -1, -1, null))
                .isInstanceOf(NoSuchStatementException.class);
        meta.closeStatement(posing);
        meta.closeConnection(mine);
        assertThat(engine.continuousQueries().running()).hasSize(1);
        engine.execute("INSERT INTO s VALUES (3)");
        List<Object> next = rowsFrom(theirs, 2, 1);
        assertThat(next).hasSize(1);
        assertThat(((Object[]) next.get(0))[0]).isEqualTo(3);
    }

    /**
     * The next {@code count} rows of a continuous result from {@code offset}: its job produces them
     * on its own thread, so a frame may come back before they exist (a fetch waits only briefly).
     */
    private List<Object> rowsFrom(Meta.StatementHandle h, long offset, int count) throws Exception {
        List<Object> rows = new ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (rows.size() < count && System.nanoTime() < deadline) {
            meta.fetch(h, offset + rows.size(), count - rows.size()).rows.forEach(rows::add);
        }
        return rows;
    }

    @Test
    void aFetchOfAMissingStatementOrResultIsAnError() throws Exception {
        assertThatThrownBy(() -> meta.fetch(new Meta.StatementHandle(mine.id, 424_242, null), 0, 1))
                .isInstanceOf(NoSuchStatementException.class);
        Meta.StatementHandle created = meta.createStatement(mine);
        assertThatThrownBy(() -> meta.fetch(created, 0, 10))
                .isInstanceOf(MissingResultsException.class);
        meta.prepareAndExecute(created, "SELECT v FROM s", -1, -1, null);
        assertThatThrownBy(() -> meta.fetch(created, -1, 10))
                .isInstanceOfSatisfying(
                        AvaticaRuntimeException.class,
                        e -> assertThat(e.getSqlState()).isEqualTo("08P01"));
        assertThat(meta.fetch(created, 1, 10).rows).hasSize(1);
    }

    @Test
    void protocolViolationsAre08P01AndChangeNothing() {
        assertThatThrownBy(() -> meta.openConnection(other, Map.of("queryTimeout", "1")))
                .isInstanceOfSatisfying(
                        AvaticaRuntimeException.class,
                        e -> {
                            assertThat(e.getErrorMessage())
                                    .isEqualTo(
                                            "Connection other is open already."
                                                    + " [MALFORMED_REQUEST]");
                            assertThat(e.getSqlState()).isEqualTo("08P01");
                            assertThat(e.getStackTrace()).isEmpty();
                        });
        assertThatThrownBy(() -> meta.openConnection(new Meta.ConnectionHandle(""), Map.of()))
                .isInstanceOf(AvaticaRuntimeException.class);
        Meta.StatementHandle h = meta.createStatement(mine);
        assertThatThrownBy(() -> meta.prepareAndExecute(h, null, -1, -1, null))
                .isInstanceOfSatisfying(
                        AvaticaRuntimeException.class,
                        e ->
                                assertThat(e.getErrorMessage())
                                        .isEqualTo(
                                                "A PrepareAndExecuteRequest must carry its SQL."
                                                        + " [MALFORMED_REQUEST]"));
        assertThatThrownBy(() -> meta.execute(h, List.of(), -1))
                .isInstanceOfSatisfying(
                        AvaticaRuntimeException.class,
                        e -> assertThat(e.getSqlState()).isEqualTo("08P01"));
        assertThat(meta.connectionCount()).isEqualTo(2);
    }

    @Test
    void anotherUsersConnectionIsMissing() {
        Meta.ConnectionHandle alices = new Meta.ConnectionHandle("alices");
        RequestUser.runAs(
                Optional.of(Caller.of("alice", Role.READER)),
                () -> {
                    meta.openConnection(alices, Map.of());
                    return meta.createStatement(alices);
                });
        assertThatThrownBy(
                        () ->
                                RequestUser.runAs(
                                        Optional.of(Caller.of("bob", Role.READER)),
                                        () -> meta.createStatement(alices)))
                .isInstanceOf(NoSuchConnectionException.class);
        RequestUser.runAs(
                Optional.of(Caller.of("bob", Role.READER)),
                () -> {
                    meta.closeConnection(alices);
                    return null;
                });
        assertThat(meta.connectionCount()).isEqualTo(3);
        RequestUser.runAs(
                Optional.of(Caller.of("alice", Role.READER)),
                () -> {
                    meta.closeConnection(alices);
                    return null;
                });
        assertThat(meta.connectionCount()).isEqualTo(2);
    }
}
