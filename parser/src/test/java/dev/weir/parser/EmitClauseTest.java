package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlEmit;
import dev.weir.parser.ddl.SqlEmitQuery;
import dev.weir.parser.ddl.SqlExplainQuery;
import dev.weir.parser.ddl.SqlTableOption;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;

/** The trees our statements parse into. */
class EmitClauseTest {
    private static SqlEmit emit(String clause) {
        return ((SqlEmitQuery) WeirParser.parseStatement("SELECT a FROM t " + clause)).emit();
    }

    private static boolean same(String a, String b) {
        SqlNode x = WeirParser.parseStatement("SELECT a FROM t " + a);
        SqlNode y = WeirParser.parseStatement("SELECT a FROM t " + b);
        return x.equalsDeep(y, Litmus.IGNORE);
    }

    @Test
    void aliasesAreTheSameTree() {
        assertThat(same("EMIT CHANGES", "EMIT STREAM")).isTrue();
        assertThat(same("EMIT FINAL", "EMIT STREAM AFTER WATERMARK")).isTrue();
        assertThat(same("EMIT ON WINDOW CLOSE", "EMIT STREAM AFTER WATERMARK")).isTrue();
        assertThat(
                        same(
                                "EMIT AFTER DELAY INTERVAL '1' MINUTE AND AFTER WATERMARK",
                                "EMIT AFTER WATERMARK AND AFTER DELAY INTERVAL '1' MINUTE"))
                .isTrue();
        assertThat(same("EMIT STREAM", "EMIT AFTER WATERMARK")).isFalse();
        assertThat(same("EMIT STREAM", "EMIT STREAM WITH (SNAPSHOT = FALSE)")).isFalse();
    }

    @Test
    void accessorsGiveTheClause() {
        SqlEmit stream = emit("EMIT STREAM");
        assertThat(stream.isStream()).isTrue();
        assertThat(stream.isAfterWatermark()).isFalse();
        assertThat(stream.delayMillis()).isEmpty();
        assertThat(stream.snapshot()).isEmpty();

        SqlEmit both =
                emit(
                        "EMIT STREAM AFTER DELAY INTERVAL '90' SECOND AND AFTER WATERMARK"
                                + " WITH (SNAPSHOT = FALSE, ALLOWED_LATENESS = INTERVAL '2' MINUTE)");
        assertThat(both.isStream()).isTrue();
        assertThat(both.isAfterWatermark()).isTrue();
        assertThat(both.delayMillis()).contains(90_000L);
        assertThat(both.snapshot()).contains(false);
        assertThat(both.allowedLatenessMillis()).contains(120_000L);

        SqlEmit table = emit("EMIT AFTER WATERMARK");
        assertThat(table.isStream()).isFalse();
        assertThat(table.isAfterWatermark()).isTrue();
    }

    @Test
    void createStreamKeepsColumnsWatermarkAndOptions() {
        SqlCreateStream create =
                (SqlCreateStream)
                        WeirParser.parseStatement(
                                "CREATE STREAM IF NOT EXISTS bid (auction BIGINT, bidtime"
                                        + " TIMESTAMP(3) NOT NULL, WATERMARK FOR bidtime AS bidtime -"
                                        + " INTERVAL '4' SECOND) WITH ('connector' = 'nexmark',"
                                        + " 'table' = 'bid')");
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.name().getSimple()).isEqualTo("bid");
        assertThat(create.columns())
                .extracting(c -> c.name().getSimple())
                .containsExactly("auction", "bidtime");
        assertThat(create.columns()).extracting(c -> c.nullable()).containsExactly(true, false);
        assertThat(create.watermark().orElseThrow().timeColumn().getSimple()).isEqualTo("bidtime");
        assertThat(create.options())
                .extracting(SqlTableOption::key)
                .containsExactly("connector", "table");
        assertThat(create.options())
                .extracting(SqlTableOption::value)
                .containsExactly("nexmark", "bid");
    }

    @Test
    void createTableKeepsItsPrimaryKey() {
        SqlCreateTable table =
                (SqlCreateTable)
                        WeirParser.parseStatement(
                                "CREATE TABLE currency (code VARCHAR, rate DOUBLE, PRIMARY KEY (code))");
        assertThat(table.primaryKey()).containsExactly("code");
        SqlCreateTable columnKey =
                (SqlCreateTable)
                        WeirParser.parseStatement(
                                "CREATE TABLE t (id BIGINT PRIMARY KEY NOT ENFORCED, v INT)");
        assertThat(columnKey.primaryKey()).containsExactly("id");
    }

    @Test
    void materializedViewAndExplainCarryTheirEmit() {
        SqlCreateMaterializedView mv =
                (SqlCreateMaterializedView)
                        WeirParser.parseStatement(
                                "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t EMIT FINAL");
        assertThat(mv.emit().map(SqlEmit::isAfterWatermark)).isEqualTo(Optional.of(true));
        SqlExplainQuery explain =
                (SqlExplainQuery) WeirParser.parseStatement("EXPLAIN SELECT a FROM t EMIT STREAM");
        assertThat(explain.explained()).isInstanceOf(SqlEmitQuery.class);
    }

    @Test
    void newKeywordsStillNameColumns() {
        SqlNode node = WeirParser.parseStatement("SELECT delay, watermark, final FROM t");
        assertThat(WeirParser.unparse(node))
                .isEqualTo("SELECT \"delay\", \"watermark\", \"final\"\nFROM \"t\"");
    }
}
