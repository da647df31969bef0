package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Engine;
import dev.weir.server.http.WeirHttpServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Statement.setQueryTimeout stops a continuous query on the server; the reader gets 57014. */
class QueryTimeoutTest {
    @Test
    void aStatementsTimeoutStopsItsQueryOnTheServer() throws Exception {
        try (Engine engine = Engine.inMemory();
                WeirHttpServer server = new WeirHttpServer(engine)) {
            int port = server.start("127.0.0.1", 0);
            engine.execute("CREATE STREAM clicks (page VARCHAR)");
            try (Connection c = DriverManager.getConnection("jdbc:weir://127.0.0.1:" + port);
                    Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                ResultSet rs = s.executeQuery("SELECT page FROM clicks EMIT STREAM");
                assertThat(engine.continuousQueries().running()).hasSize(1);
                // The timeout travels with the statement, but SHOW QUERIES shows the user's SQL.
                assertThat(engine.continuousQueries().running().get(0).sql())
                        .isEqualTo("SELECT page FROM clicks EMIT STREAM");
                assertThatThrownBy(rs::next)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("ran past its timeout of 1 s")
                        .extracting(e -> ((SQLException) e).getSQLState())
                        .isEqualTo("57014");
                assertThat(engine.continuousQueries().running()).isEmpty();
                // The statement's next query has the same timeout; without one, no timeout.
                s.setQueryTimeout(0);
                try (ResultSet again = s.executeQuery("SELECT COUNT(*) FROM clicks")) {
                    assertThat(again.next()).isTrue();
                    assertThat(again.getLong(1)).isZero();
                }
            }
        }
    }
}
