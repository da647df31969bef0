package dev.weir.server.avatica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.junit.jupiter.api.Test;

/** Row limits and timeouts of one execution, and a prepared statement's values, at the protocol. */
class ExecutionOptionsTest {
    @Test
    void optionsComeFromTheTrailingCommentTheProtocolAndTheConnection() {
        assertThat(ExecutionOptions.of("SELECT 1", Map.of(), -1))
                .isEqualTo(new ExecutionOptions(0, 0));
        assertThat(ExecutionOptions.of("SELECT 1", Map.of("queryTimeout", "7"), 5))
                .isEqualTo(new ExecutionOptions(5, 7));
        assertThat(
                        ExecutionOptions.of(
                                "SELECT 1\n/* weir: max_rows=2 query_timeout=3 */",
                                Map.of("queryTimeout", "7"),
                                -1))
                .isEqualTo(new ExecutionOptions(2, 3));
        // The form older drivers send, and a comment that is not at the end (not Weir's).
        assertThat(ExecutionOptions.of("SELECT 1\n/* weir:query_timeout=4 */", Map.of(), -1))
                .isEqualTo(new ExecutionOptions(0, 4));
        assertThat(ExecutionOptions.of("SELECT 1 /* weir: max_rows=2 */ FROM t", Map.of(), -1))
                .isEqualTo(new ExecutionOptions(0, 0));
        assertThat(new ExecutionOptions(3, 0).remaining(1)).isEqualTo(2);
        assertThat(new ExecutionOptions(3, 0).remaining(5)).isZero();
        assertThat(new ExecutionOptions(0, 0).remaining(5)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ExecutionOptions.of("SELECT 1", Map.of("queryTimeout", "1m"), -1))
                .isInstanceOfSatisfying(
                        AvaticaRuntimeException.class,
                        e ->
                                assertThat(e.getErrorMessage())
                                        .isEqualTo(
                                                "Connection property 'queryTimeout' must be whole"
                                                        + " seconds, not '1m'. [INVALID_OPTION]"));
    }

    @Test
    void aPreparedContinuousQueryWithAValueStopsAfterItsRowLimit() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            WeirMeta meta = new WeirMeta(engine);
            Meta.ConnectionHandle ch = new Meta.ConnectionHandle("c1");
            meta.openConnection(ch, Map.of());
            Meta.StatementHandle h = meta.createStatement(ch);
            meta.prepareAndExecute(
                    h, "CREATE STREAM s (ts TIMESTAMP(3) NOT NULL, v BIGINT)", -1, -1, null);
            meta.prepareAndExecute(
                    h,
                    "INSERT INTO s VALUES (TIMESTAMP '2026-01-01 00:00:00', 1),"
                            + " (TIMESTAMP '2026-01-01 00:00:01', 2),"
                            + " (TIMESTAMP '2026-01-01 00:00:02', 3),"
                            + " (TIMESTAMP '2026-01-01 00:00:03', 4)",
                    -1,
                    -1,
                    null);
            Meta.StatementHandle q =
                    meta.prepare(ch, "SELECT v FROM s WHERE v > ? EMIT STREAM", -1);
            assertThat(q.signature.parameters).hasSize(1);
            assertThat(q.signature.parameters.get(0).parameterType)
                    .isEqualTo(java.sql.Types.BIGINT);
            assertThat(q.signature.parameters.get(0).typeName).isEqualTo("BIGINT");
            // Weir's driver sends setMaxRows with the signature's text.
            Meta.Signature sent =
                    Meta.Signature.create(
                            q.signature.columns,
                            q.signature.sql + "\n/* weir: max_rows=2 */",
                            q.signature.parameters,
                            q.signature.cursorFactory,
                            q.signature.statementType);
            Meta.ExecuteResult result =
                    meta.execute(
                            new Meta.StatementHandle(ch.id, q.id, sent),
                            List.of(TypedValue.ofLocal(ColumnMetaData.Rep.PRIMITIVE_LONG, 1L)),
                            1);
            List<Object> values = new ArrayList<>();
            Meta.Frame frame = result.resultSets.get(0).firstFrame;
            long offset = 0;
            while (true) {
                for (Object row : frame.rows) {
                    values.add(((Object[]) row)[0]);
                    offset++;
                }
                if (frame.done) {
                    break;
                }
                frame = meta.fetch(q, offset, 1);
            }
            assertThat(values).containsExactly(2L, 3L);
            assertThat(engine.continuousQueries().running()).isEmpty();
            meta.closeConnection(ch);
        }
    }
}
