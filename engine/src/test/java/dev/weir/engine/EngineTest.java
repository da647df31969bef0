package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineTest {
    @Test
    void snapshotAndStreamOfAFilteredInternalStream() throws Exception {
        try (Engine engine = Engine.inMemory()) {
            engine.executeScript(
                    "CREATE STREAM bids (bidtime TIMESTAMP NOT NULL, price DECIMAL(10, 2), item"
                            + " VARCHAR, WATERMARK FOR bidtime AS bidtime - INTERVAL '4' SECOND);"
                            + "INSERT INTO bids VALUES (TIMESTAMP '2026-01-01 08:07:00', 2, 'A'),"
                            + " (TIMESTAMP '2026-01-01 08:11:00', 3, 'B');");
            StatementResult.Rows rows =
                    (StatementResult.Rows)
                            engine.execute("SELECT item, price * 2 AS p FROM bids WHERE price > 2");
            assertThat(rows.rows()).hasSize(1);
            assertThat(rows.rows().get(0)).containsExactly("B", new BigDecimal("6.00"));

            StatementResult.Continuous c =
                    (StatementResult.Continuous)
                            engine.execute("SELECT item FROM bids WHERE price >= 2 EMIT STREAM");
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Optional<Object[]> row = c.query().next(10, TimeUnit.SECONDS);
                items.add(row.orElseThrow()[0]);
                assertThat(row.get()[1]).isEqualTo(false);
                assertThat(row.get()[3]).isEqualTo(0L);
            }
            assertThat(items).containsExactly("A", "B");
            engine.execute("INSERT INTO bids VALUES (TIMESTAMP '2026-01-01 08:05:00', 4, 'C')");
            assertThat(c.query().next(10, TimeUnit.SECONDS).orElseThrow()[0]).isEqualTo("C");
            assertThat(engine.continuousQueries().running()).hasSize(1);
            engine.execute("CANCEL QUERY '" + c.query().id() + "'");
            assertThat(c.query().next(1, TimeUnit.SECONDS)).isEmpty();
            assertThat(c.query().isDone()).isTrue();
        }
    }
}
