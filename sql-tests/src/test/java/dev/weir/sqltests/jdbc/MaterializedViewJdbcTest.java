package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.server.http.WeirHttpServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A materialized view over the wire: created, read, subscribed to, listed in the metadata. */
class MaterializedViewJdbcTest {
    @TempDir Path dataDir;

    @Test
    void createReadSubscribeAndBrowse() throws Exception {
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.ALWAYS, 0);
                WeirHttpServer server = new WeirHttpServer(engine)) {
            int port = server.start("127.0.0.1", 0);
            try (Connection c = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
                    Statement s = c.createStatement()) {
                s.execute("CREATE STREAM clicks (page VARCHAR NOT NULL, ms BIGINT NOT NULL)");
                s.execute("INSERT INTO clicks VALUES ('a', 10), ('b', 20), ('a', 30)");
                s.execute(
                        "CREATE MATERIALIZED VIEW pages AS SELECT page, COUNT(*) AS clicks,"
                                + " SUM(ms) AS ms FROM clicks GROUP BY page");
                assertThat(engine.awaitViewsCaughtUp(10_000)).isTrue();
                assertThat(rows(s, "SELECT * FROM pages ORDER BY page"))
                        .containsExactly("a,2,40", "b,1,20");
                assertThat(rows(s, "SELECT clicks FROM pages WHERE page = 'a'"))
                        .containsExactly("2");

                DatabaseMetaData meta = c.getMetaData();
                try (ResultSet tables =
                        meta.getTables(null, "weir", "pages", new String[] {"MATERIALIZED VIEW"})) {
                    assertThat(tables.next()).isTrue();
                    assertThat(tables.getString("TABLE_TYPE")).isEqualTo("MATERIALIZED VIEW");
                }
                try (ResultSet keys = meta.getPrimaryKeys(null, "weir", "pages")) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getString("COLUMN_NAME")).isEqualTo("page");
                    assertThat(keys.next()).isFalse();
                }
                try (Statement watch = c.createStatement();
                        ResultSet rs = watch.executeQuery("SELECT * FROM pages EMIT STREAM")) {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        assertThat(rs.next()).isTrue();
                        seen.add(rs.getString(1) + "," + rs.getLong(2) + "," + rs.getBoolean(4));
                    }
                    assertThat(seen).containsExactlyInAnyOrder("a,2,false", "b,1,false");
                    s.execute("INSERT INTO clicks VALUES ('b', 5)");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1) + "," + rs.getLong(2) + "," + rs.getBoolean(4))
                            .isEqualTo("b,1,true");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1) + "," + rs.getLong(2) + "," + rs.getBoolean(4))
                            .isEqualTo("b,2,false");
                    watch.cancel();
                }
            }
        }
    }

    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "," : "").append(rs.getString(i));
                }
                rows.add(b.toString());
            }
        }
        return rows;
    }
}
