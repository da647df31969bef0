package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.executor.connector.nexmark.NexmarkTable;
import dev.weir.server.http.WeirHttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import schemacrawler.loader.counts.TableRowCountsUtility;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.tools.options.Config;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSource;
import us.fatehi.utility.datasource.DatabaseConnectionSources;
import us.fatehi.utility.datasource.MultiUseUserCredentials;

/**
 * A real BI client: SchemaCrawler (16.26.3, from Maven Central) crawls a server like the demo's
 * with its default settings, which ask for the table types TABLE and VIEW only, and counts each
 * table's rows with the SQL it generates itself ({@code SELECT COUNT(*) FROM
 * "weir"."weir"."category"}).
 */
class SchemaCrawlerTest {
    @Test
    void defaultCrawlListsEveryObjectAndCountsItsRows() throws Exception {
        try (Engine engine = Engine.inMemory();
                WeirHttpServer server = new WeirHttpServer(engine)) {
            int port = server.start("127.0.0.1", 0);
            // A live generated stream, the demo's: unbounded, so it has no count.
            engine.execute(NexmarkTable.BID.createStatement("bid", 10));
            engine.executeScript(
                    "CREATE STREAM clicks (ts TIMESTAMP(3) NOT NULL, page VARCHAR);"
                            + "INSERT INTO clicks VALUES (TIMESTAMP '2026-01-01 00:00:01', 'a'),"
                            + " (TIMESTAMP '2026-01-01 00:00:02', 'b'),"
                            + " (TIMESTAMP '2026-01-01 00:00:03', 'a');"
                            + "CREATE TABLE category (id BIGINT NOT NULL, name VARCHAR,"
                            + " PRIMARY KEY (id));"
                            + "INSERT INTO category VALUES (10, 'books'), (11, 'music');"
                            + "CREATE VIEW a_clicks AS SELECT ts FROM clicks WHERE page = 'a';"
                            + "CREATE MATERIALIZED VIEW clicks_per_page AS"
                            + " SELECT page, COUNT(*) AS n FROM clicks GROUP BY page;");
            assertThat(engine.awaitViewsCaughtUp(30_000)).isTrue();
            DatabaseConnectionSource source =
                    DatabaseConnectionSources.newDatabaseConnectionSource(
                            "jdbc:weir://127.0.0.1:" + port, new MultiUseUserCredentials());
            Catalog catalog =
                    SchemaCrawlerUtility.getCatalog(
                            source,
                            SchemaCrawlerUtility.matchSchemaRetrievalOptions(source),
                            SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions(),
                            new Config(Map.of("load-row-counts", true)));
            List<String> tables = new ArrayList<>();
            for (Table table : catalog.getTables()) {
                tables.add(
                        table.getSchema().getFullName()
                                + "."
                                + table.getName()
                                + " "
                                + table.getTableType().getTableType()
                                + " "
                                + (TableRowCountsUtility.hasRowCount(table)
                                        ? TableRowCountsUtility.getRowCount(table) + " rows"
                                        : "no count")
                                + " ("
                                + table.getColumns().stream()
                                        .map(Column::getName)
                                        .collect(Collectors.joining(", "))
                                + ")");
            }
            assertThat(tables)
                    .containsExactlyInAnyOrder(
                            "weir.weir.a_clicks VIEW 2 rows (ts)",
                            "weir.weir.bid TABLE no count (auction, bidder, price, channel, url,"
                                    + " dateTime, extra)",
                            "weir.weir.category TABLE 2 rows (id, name)",
                            "weir.weir.clicks TABLE 3 rows (ts, page)",
                            "weir.weir.clicks_per_page VIEW 2 rows (page, n)");
            source.close();
        }
    }
}
