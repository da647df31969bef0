package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.parser.ddl.ObjectKind;
import dev.weir.parser.ddl.ShowKind;
import dev.weir.parser.ddl.SqlCancelQuery;
import dev.weir.parser.ddl.SqlColumn;
import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlDescribeObject;
import dev.weir.parser.ddl.SqlDropObject;
import dev.weir.parser.ddl.SqlShow;
import dev.weir.parser.ddl.SqlTableOption;
import dev.weir.parser.ddl.SqlWatermark;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;

/** The trees of Weir's own statements, through their accessors. */
class DdlTreeTest {
    @SuppressWarnings("unchecked")
    private static <T extends SqlNode> T parse(String sql) {
        return (T) WeirParser.parseStatement(sql);
    }

    @Test
    void createStreamKeepsColumnsWatermarkAndOptions() {
        SqlCreateStream create =
                parse(
                        "CREATE STREAM IF NOT EXISTS bid (auction BIGINT, price DECIMAL(10,2),"
                                + " bidtime TIMESTAMP(3) NOT NULL,"
                                + " WATERMARK FOR bidtime AS bidtime - INTERVAL '4' SECOND)"
                                + " WITH ('connector' = 'nexmark', 'table' = 'bid')");
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.name().getSimple()).isEqualTo("bid");
        assertThat(create.columns())
                .extracting(c -> c.name().getSimple())
                .containsExactly("auction", "price", "bidtime");
        assertThat(create.columns())
                .extracting(c -> c.type().toString())
                .containsExactly("BIGINT", "DECIMAL(10, 2)", "TIMESTAMP(3)");
        assertThat(create.columns())
                .extracting(SqlColumn::nullable)
                .containsExactly(true, true, false);

        SqlWatermark watermark = create.watermark().orElseThrow();
        assertThat(watermark.timeColumn().getSimple()).isEqualTo("bidtime");
        assertThat(watermark.expression().toString()).isEqualTo("`bidtime` - INTERVAL '4' SECOND");

        assertThat(create.options())
                .extracting(SqlTableOption::key)
                .containsExactly("connector", "table");
        assertThat(create.options())
                .extracting(SqlTableOption::value)
                .containsExactly("nexmark", "bid");
    }

    @Test
    void aStreamWithoutWatermarkOrOptionsSaysSo() {
        SqlCreateStream create = parse("CREATE STREAM s (a INT)");
        assertThat(create.ifNotExists()).isFalse();
        assertThat(create.watermark()).isEmpty();
        assertThat(create.options()).isEmpty();
    }

    @Test
    void aWatermarkMayStandAnywhereAmongTheColumns() {
        SqlCreateStream first = parse("CREATE STREAM s (WATERMARK FOR ts AS ts, ts TIMESTAMP(3))");
        SqlCreateStream last = parse("CREATE STREAM s (ts TIMESTAMP(3), WATERMARK FOR ts AS ts)");
        assertThat(first.equalsDeep(last, Litmus.IGNORE)).isTrue();
        assertThat(first.watermark().orElseThrow().expression().toString()).isEqualTo("ts");
    }

    @Test
    void identifiersKeepTheirCaseQuotedOrNot() {
        SqlCreateStream create = parse("CREATE STREAM MyStream (\"My Col\" INT, OtherCol INT)");
        assertThat(create.name().getSimple()).isEqualTo("MyStream");
        assertThat(create.columns())
                .extracting(c -> c.name().getSimple())
                .containsExactly("My Col", "OtherCol");
    }

    @Test
    void createTableKeepsItsPrimaryKeyWhereverItIsDeclared() {
        SqlCreateTable tableLevel =
                parse("CREATE TABLE currency (code VARCHAR, rate DOUBLE, PRIMARY KEY (code))");
        assertThat(tableLevel.primaryKey()).containsExactly("code");
        assertThat(tableLevel.columns()).hasSize(2);

        SqlCreateTable columnLevel =
                parse("CREATE TABLE t (id BIGINT PRIMARY KEY NOT ENFORCED, v INT)");
        assertThat(columnLevel.primaryKey()).containsExactly("id");

        SqlCreateTable compound =
                parse("CREATE TABLE t (a INT, b INT, c INT, PRIMARY KEY (b, a) NOT ENFORCED)");
        assertThat(compound.primaryKey()).containsExactly("b", "a");

        SqlCreateTable none = parse("CREATE TABLE IF NOT EXISTS t (a INT) WITH ('k' = 'v')");
        assertThat(none.primaryKey()).isEmpty();
        assertThat(none.ifNotExists()).isTrue();
        assertThat(none.options()).extracting(SqlTableOption::key).containsExactly("k");
    }

    @Test
    void notEnforcedIsTheSameKey() {
        SqlNode enforcedUnsaid = parse("CREATE TABLE t (a INT, PRIMARY KEY (a))");
        SqlNode notEnforced = parse("CREATE TABLE t (a INT, PRIMARY KEY (a) NOT ENFORCED)");
        SqlNode columnLevel = parse("CREATE TABLE t (a INT PRIMARY KEY)");
        assertThat(enforcedUnsaid.equalsDeep(notEnforced, Litmus.IGNORE)).isTrue();
        assertThat(enforcedUnsaid.equalsDeep(columnLevel, Litmus.IGNORE)).isTrue();
    }

    @Test
    void createViewKeepsReplaceIfNotExistsAndColumns() {
        SqlCreateView view = parse("CREATE OR REPLACE VIEW v (x, y) AS SELECT a, b FROM t");
        assertThat(view.getReplace()).isTrue();
        assertThat(view.ifNotExists()).isFalse();
        assertThat(view.name().getSimple()).isEqualTo("v");
        assertThat(view.columnNames().orElseThrow().toString()).isEqualTo("`x`, `y`");

        SqlCreateView plain = parse("CREATE VIEW IF NOT EXISTS v AS SELECT a FROM t");
        assertThat(plain.getReplace()).isFalse();
        assertThat(plain.ifNotExists()).isTrue();
        assertThat(plain.columnNames()).isEmpty();
    }

    @Test
    void createMaterializedViewKeepsItsParts() {
        SqlCreateMaterializedView mv =
                parse(
                        "CREATE MATERIALIZED VIEW IF NOT EXISTS mv (k, n) AS"
                                + " SELECT a, COUNT(*) FROM t GROUP BY a");
        assertThat(mv.ifNotExists()).isTrue();
        assertThat(mv.name().getSimple()).isEqualTo("mv");
        assertThat(mv.columnNames().orElseThrow().size()).isEqualTo(2);
        assertThat(mv.emit()).isEmpty();
    }

    @Test
    void dropKnowsWhatAndWhether() {
        SqlDropObject stream = parse("DROP STREAM IF EXISTS s");
        assertThat(stream.objectKind()).isEqualTo(ObjectKind.STREAM);
        assertThat(stream.ifExists()).isTrue();
        assertThat(stream.name().getSimple()).isEqualTo("s");

        SqlDropObject mv = parse("DROP MATERIALIZED VIEW db.mv");
        assertThat(mv.objectKind()).isEqualTo(ObjectKind.MATERIALIZED_VIEW);
        assertThat(mv.ifExists()).isFalse();
        assertThat(mv.name().names).containsExactly("db", "mv");

        assertThat(((SqlDropObject) parse("DROP TABLE t")).objectKind())
                .isEqualTo(ObjectKind.TABLE);
        assertThat(((SqlDropObject) parse("DROP VIEW v")).objectKind()).isEqualTo(ObjectKind.VIEW);
    }

    @Test
    void showKnowsWhatAndThePattern() {
        SqlShow mvs = parse("SHOW MATERIALIZED VIEWS LIKE 'mv%'");
        assertThat(mvs.showKind()).isEqualTo(ShowKind.MATERIALIZED_VIEWS);
        assertThat(mvs.likePattern()).contains("mv%");

        SqlShow queries = parse("SHOW QUERIES");
        assertThat(queries.showKind()).isEqualTo(ShowKind.QUERIES);
        assertThat(queries.likePattern()).isEmpty();

        assertThat(((SqlShow) parse("show functions")).showKind()).isEqualTo(ShowKind.FUNCTIONS);
    }

    @Test
    void describeIgnoresTheKindWord() {
        SqlDescribeObject described = parse("DESCRIBE MATERIALIZED VIEW mv");
        assertThat(described.name().getSimple()).isEqualTo("mv");
        assertThat(described.equalsDeep(parse("DESCRIBE mv"), Litmus.IGNORE)).isTrue();
    }

    @Test
    void cancelKeepsTheQueryId() {
        SqlCancelQuery cancel = parse("CANCEL QUERY 'it''s-1'");
        assertThat(cancel.queryId()).isEqualTo("it's-1");
    }
}
