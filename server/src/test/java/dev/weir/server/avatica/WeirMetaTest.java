package dev.weir.server.avatica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.junit.jupiter.api.Test;

/** The protocol layer without HTTP. */
class WeirMetaTest {
    @Test
    void aConnectionsQueryTimeoutStopsItsContinuousQuery() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c1");
            meta.openConnection(ch, Map.of("queryTimeout", "1"));
            Meta.StatementHandle h = meta.createStatement(ch);
            meta.prepareAndExecute(h, "CREATE STREAM idle (ts TIMESTAMP NOT NULL)", -1, -1, null);
            Meta.ExecuteResult result =
                    meta.prepareAndExecute(h, "SELECT ts FROM idle EMIT STREAM", -1, -1, null);
            assertThat(result.resultSets.get(0).firstFrame.done).isFalse();
            assertThatThrownBy(
                            () -> {
                                for (int i = 0; i < 10; i++) {
                                    meta.fetch(h, 0, 100);
                                }
                            })
                    .isInstanceOfSatisfying(
                            AvaticaRuntimeException.class,
                            e -> {
                                assertThat(e.getSqlState()).isEqualTo("57014");
                                assertThat(e.getErrorMessage()).contains("timeout of 1 s");
                            });
            assertThat(engine.continuousQueries().running()).isEmpty();
            meta.closeConnection(ch);
        }
    }

    @Test
    void aRetriedFetchGetsTheSameRowsAndLimitZeroStartsNoJob() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c2");
            meta.openConnection(ch, Map.of());
            Meta.StatementHandle h = meta.createStatement(ch);
            meta.prepareAndExecute(
                    h, "CREATE STREAM s (ts TIMESTAMP NOT NULL, v INT)", -1, -1, null);
            meta.prepareAndExecute(
                    h, "INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:00', 7)", -1, -1, null);
            Meta.StatementHandle q = meta.createStatement(ch);
            meta.prepareAndExecute(q, "SELECT v FROM s EMIT STREAM", -1, -1, null);
            Meta.Frame first = meta.fetch(q, 0, 100);
            Meta.Frame again = meta.fetch(q, 0, 100);
            assertThat(first.rows).hasSize(1);
            assertThat(again).isSameAs(first);
            assertThat(((Object[]) first.rows.iterator().next())[0]).isEqualTo(7);
            Meta.StatementHandle probe = meta.createStatement(ch);
            Meta.ExecuteResult empty =
                    meta.prepareAndExecute(
                            probe, "SELECT v FROM s LIMIT 0 EMIT STREAM", -1, -1, null);
            assertThat(empty.resultSets.get(0).firstFrame.done).isTrue();
            assertThat(engine.continuousQueries().running()).hasSize(1);
            meta.closeStatement(q);
            assertThat(engine.continuousQueries().running()).isEmpty();
            assertThat(List.of(meta.connectionCount())).containsExactly(1);
        }
    }

    @Test
    void whereFalseProbesAnswerWithColumnsAndStartNoJob() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c3");
            meta.openConnection(ch, Map.of());
            Meta.StatementHandle h = meta.createStatement(ch);
            meta.prepareAndExecute(
                    h, "CREATE STREAM s (ts TIMESTAMP(3) NOT NULL, v INT)", -1, -1, null);
            for (String probe :
                    List.of(
                            "SELECT v FROM s WHERE 1 = 0 EMIT STREAM",
                            "SELECT v FROM s WHERE v > 3 AND 1 <> 1 EMIT STREAM",
                            "SELECT v FROM s WHERE NOT TRUE EMIT STREAM",
                            "SELECT * FROM (SELECT v FROM s) WHERE FALSE",
                            "SELECT v FROM s LIMIT 0 EMIT STREAM")) {
                Meta.ExecuteResult result = meta.prepareAndExecute(h, probe, -1, -1, null);
                Meta.MetaResultSet rs = result.resultSets.get(0);
                assertThat(rs.firstFrame.done).as(probe).isTrue();
                assertThat(rs.firstFrame.rows).as(probe).isEmpty();
                assertThat(rs.signature.columns.get(0).columnName).as(probe).isEqualTo("v");
                assertThat(engine.continuousQueries().running()).as(probe).isEmpty();
            }
            // A WHERE that depends on the rows is no probe: the query runs.
            meta.prepareAndExecute(h, "SELECT v FROM s WHERE v = 0 EMIT STREAM", -1, -1, null);
            assertThat(engine.continuousQueries().running()).hasSize(1);
            meta.closeConnection(ch);
            assertThat(engine.continuousQueries().running()).isEmpty();
        }
    }

    @Test
    void aContinuousQuerysFirstFrameHoldsWhatIsReadyAndFetchesDrainUpToTheFetchSize()
            throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c4");
            meta.openConnection(ch, Map.of());
            Meta.StatementHandle h = meta.createStatement(ch);
            meta.prepareAndExecute(
                    h, "CREATE STREAM s (ts TIMESTAMP(3) NOT NULL, v INT)", -1, -1, null);
            Meta.ExecuteResult result =
                    meta.prepareAndExecute(h, "SELECT v FROM s EMIT STREAM", -1, -1, null);
            Meta.Frame first = result.resultSets.get(0).firstFrame;
            assertThat(first.done).isFalse();
            assertThat(first.rows).isEmpty();
            Meta.StatementHandle writer = meta.createStatement(ch);
            meta.prepareAndExecute(
                    writer,
                    "INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:00', 1),"
                            + " (TIMESTAMP '2026-01-01 00:00:01', 2),"
                            + " (TIMESTAMP '2026-01-01 00:00:02', 3)",
                    -1,
                    -1,
                    null);
            List<Object> values = new java.util.ArrayList<>();
            long offset = 0;
            while (values.size() < 3) {
                Meta.Frame frame = meta.fetch(h, offset, 2);
                assertThat(frame.offset).isEqualTo(offset);
                assertThat(frame.done).isFalse();
                int n = 0;
                for (Object row : frame.rows) {
                    values.add(((Object[]) row)[0]);
                    n++;
                }
                assertThat(n).isBetween(0, 2);
                offset += n;
            }
            assertThat(values).containsExactly(1, 2, 3);
            meta.closeStatement(h);
            assertThat(engine.continuousQueries().running()).isEmpty();
        }
    }

    @Test
    void aCloseFromAnotherRequestEndsAWaitingFetchAtOnce() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c5");
            meta.openConnection(ch, Map.of());
            Meta.StatementHandle h = meta.createStatement(ch);
            meta.prepareAndExecute(h, "CREATE STREAM s (ts TIMESTAMP(3) NOT NULL)", -1, -1, null);
            meta.prepareAndExecute(h, "SELECT ts FROM s EMIT STREAM", -1, -1, null);
            java.util.concurrent.CompletableFuture<Meta.Frame> fetch =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return meta.fetch(h, 0, 100);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            Thread.sleep(200); // let the fetch start waiting
            meta.closeStatement(h);
            Meta.Frame frame = fetch.get(WeirMeta.FETCH_WAIT_MILLIS - 1_000, TimeUnit.MILLISECONDS);
            assertThat(frame.done).isTrue();
            assertThat(frame.rows).isEmpty();
            assertThat(engine.continuousQueries().running()).isEmpty();
        }
    }

    @Test
    void idleStatementsExpireAndTheirQueriesStop() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c6");
            meta.openConnection(ch, Map.of());
            Meta.StatementHandle h = meta.createStatement(ch);
            meta.prepareAndExecute(h, "CREATE STREAM s (ts TIMESTAMP(3) NOT NULL)", -1, -1, null);
            meta.prepareAndExecute(h, "SELECT ts FROM s EMIT STREAM", -1, -1, null);
            assertThat(meta.expireIdle(60_000)).isEqualTo(new WeirMeta.Expired(List.of(), 0));
            assertThat(engine.continuousQueries().running()).hasSize(1);
            Thread.sleep(20);
            // The client vanished: its statement and its connection are closed.
            assertThat(meta.expireIdle(10)).isEqualTo(new WeirMeta.Expired(List.of("c6"), 1));
            assertThat(meta.connectionCount()).isZero();
            assertThat(engine.continuousQueries().running()).isEmpty();
            assertThatThrownBy(() -> meta.fetch(h, 0, 100))
                    .isInstanceOf(org.apache.calcite.avatica.NoSuchStatementException.class);
        }
    }

    @Test
    void errorsCarryCodeSqlStateAndPosition() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c7");
            meta.openConnection(ch, Map.of());
            Meta.StatementHandle h = meta.createStatement(ch);
            assertThatThrownBy(
                            () -> meta.prepareAndExecute(h, "SELECT x\nFROM nowhere", -1, -1, null))
                    .isInstanceOfSatisfying(
                            AvaticaRuntimeException.class,
                            e -> {
                                assertThat(e.getSqlState()).startsWith("42");
                                assertThat(e.getErrorMessage()).startsWith("line 2:6: ");
                                assertThat(e.getSeverity())
                                        .isEqualTo(
                                                org.apache.calcite.avatica.AvaticaSeverity.ERROR);
                            });
        }
    }
}
