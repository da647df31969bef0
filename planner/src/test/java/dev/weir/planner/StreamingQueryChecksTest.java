package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.SystemTable;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The streaming checks made during validation: each refusal points at the clause at fault. Where
 * validation cannot be sure (a derived table, a view), the translators refuse the same query with
 * the same message, without a position; queries that plan are not refused.
 */
class StreamingQueryChecksTest {
    private Catalog catalog;

    @BeforeEach
    void createCatalog() {
        catalog = Catalog.inMemory();
        catalog.add(
                new Planner(catalog)
                        .stream(
                                (SqlCreateStream)
                                        WeirParser.parseStatement(
                                                "CREATE STREAM clicks (usr VARCHAR NOT NULL, page"
                                                        + " VARCHAR, ts TIMESTAMP NOT NULL,"
                                                        + " WATERMARK FOR ts AS ts - INTERVAL '1'"
                                                        + " MINUTE)")));
        catalog.add(
                new Planner(catalog)
                        .table(
                                (SqlCreateTable)
                                        WeirParser.parseStatement(
                                                "CREATE TABLE pages (page VARCHAR NOT NULL,"
                                                        + " changed TIMESTAMP NOT NULL, PRIMARY"
                                                        + " KEY (page))")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start \
                    | 1:101 | An aggregate over a windowing function must GROUP BY both window_start and window_end.
                    SELECT COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) \
                    | 1:1 | An aggregate over a windowing function must GROUP BY both window_start and window_end.
                    SELECT DISTINCT usr FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) \
                    | 1:1 | An aggregate over a windowing function must GROUP BY both window_start and window_end.
                    SELECT page, window_end, COUNT(*) FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) GROUP BY page, window_start, window_end \
                    | 1:123 | An aggregate over SESSION windows must GROUP BY exactly the session's partition keys (and window_start, window_end).
                    SELECT usr, window_end, COUNT(*) FROM TABLE(SESSION(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) GROUP BY usr, window_start, window_end \
                    | 1:105 | An aggregate over SESSION windows must GROUP BY exactly the session's partition keys (and window_start, window_end).
                    SELECT window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY ROLLUP (window_start, window_end) \
                    | 1:108 | Every grouping set over windows must keep window_start and window_end: GROUP BY window_start, window_end, GROUPING SETS (...) (or ROLLUP, CUBE).
                    SELECT page, window_start FROM TABLE(TUMBLE(TABLE pages, DESCRIPTOR(changed), INTERVAL '1' MINUTE)) \
                    | 1:51 | A windowing function needs an append-only input, but this input updates and retracts rows (an aggregate or a materialized view of one).
                    SELECT page, GROUPING(page) FROM clicks GROUP BY ROLLUP (page) \
                    | 1:14 | Aggregate function GROUPING is not supported on streams yet.
                    SELECT usr FROM clicks UNION SELECT page FROM clicks \
                    | 1:1 | UNION without ALL is not supported on streams yet; use UNION ALL.
                    SELECT usr FROM clicks INTERSECT SELECT page FROM clicks \
                    | 1:1 | This query shape (Intersect) is not supported on streams yet.
                    SELECT usr FROM clicks EXCEPT SELECT page FROM clicks \
                    | 1:1 | This query shape (Minus) is not supported on streams yet.
                    """)
    void refusedWithThePositionOfTheClauseAtFault(String sql, String position, String message) {
        assertThatThrownBy(() -> plan(sql))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_STREAMING_QUERY);
                            assertThat(e.getMessage())
                                    .isEqualTo("line " + position + ": " + message);
                        });
    }

    @Test
    void aQueryOverAViewIsRefusedAtTheViewsNameNamingIt() {
        catalog.add(
                new Planner(catalog)
                        .view(
                                (SqlCreateView)
                                        WeirParser.parseStatement(
                                                "CREATE VIEW names AS SELECT usr FROM clicks UNION"
                                                        + " SELECT page FROM clicks")));
        assertThatThrownBy(() -> plan("SELECT * FROM clicks AS names, names AS n"))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> {
                            assertThat(e.position().map(p -> p.line() + ":" + p.column()))
                                    .contains("1:32");
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "line 1:32: UNION without ALL is not supported on"
                                                    + " streams yet; use UNION ALL. (in the query"
                                                    + " of view names)");
                        });
    }

    @Test
    void selectStreamErrorsPointAtStream() {
        catalog.declareSystemTables(
                List.of(
                        new SystemTable(
                                "queries", List.of(new ColumnDef("id", "VARCHAR", -1, -1, true)))));
        assertThatThrownBy(() -> plan("SELECT STREAM id FROM sys.queries"))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "line 1:8: The system table 'queries' is a snapshot"
                                                        + " of the server as of the query; query it"
                                                        + " without EMIT (again, to see it"
                                                        + " change)."));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    SELECT t.usr, t.window_end, COUNT(*) FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) AS t GROUP BY t.usr, t.window_start, t.window_end
                    SELECT window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY GROUPING SETS ((window_start, window_end))
                    SELECT CAST(window_start AS TIMESTAMP(3)), window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY CAST(window_start AS TIMESTAMP(3)), window_end
                    SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) WHERE usr IN (SELECT page FROM clicks) GROUP BY window_start
                    SELECT usr FROM clicks UNION ALL SELECT page FROM clicks
                    """)
    void queriesThatPlanAreNotRefused(String sql) {
        assertThat(plan(sql).graph().nodes()).isNotEmpty();
    }

    @Test
    void aViewIsCheckedWhereItIsRun() {
        assertThat(
                        new Planner(catalog)
                                .view(
                                        (SqlCreateView)
                                                WeirParser.parseStatement(
                                                        "CREATE VIEW names AS SELECT usr FROM"
                                                                + " clicks UNION SELECT page FROM"
                                                                + " clicks"))
                                .name())
                .isEqualTo("names");
    }

    private PlannedQuery plan(String sql) {
        return new Planner(catalog).planQuery(WeirParser.parseStatement(sql));
    }
}
