package dev.weir.server.avatica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.server.engine.Engine;
import java.util.List;
import java.util.Map;
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
            assertThat(engine.queries().running()).isEmpty();
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
            assertThat(engine.queries().running()).hasSize(1);
            meta.closeStatement(q);
            assertThat(engine.queries().running()).isEmpty();
            assertThat(List.of(meta.connectionCount())).containsExactly(1);
        }
    }
}
