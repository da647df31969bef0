package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlEmit;
import dev.weir.parser.ddl.SqlEmitQuery;
import dev.weir.parser.ddl.SqlExplainQuery;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The EMIT clause: which spellings are the same tree, and what its accessors say. */
class EmitClauseTest {
    private static SqlNode query(String emit) {
        return WeirParser.parseStatement("SELECT a FROM t " + emit);
    }

    private static SqlEmit emit(String clause) {
        return ((SqlEmitQuery) query(clause)).emit();
    }

    private static boolean sameTree(String a, String b) {
        return query(a).equalsDeep(query(b), Litmus.IGNORE);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "EMIT CHANGES | EMIT STREAM",
                "EMIT FINAL | EMIT STREAM AFTER WATERMARK",
                "EMIT ON WINDOW CLOSE | EMIT STREAM AFTER WATERMARK",
                "EMIT FINAL | EMIT ON WINDOW CLOSE",
                "EMIT AFTER DELAY INTERVAL '1' MINUTE AND AFTER WATERMARK"
                        + " | EMIT AFTER WATERMARK AND AFTER DELAY INTERVAL '1' MINUTE",
                "EMIT STREAM AFTER DELAY INTERVAL '1' MINUTE AND AFTER WATERMARK"
                        + " | EMIT STREAM AFTER WATERMARK AND AFTER DELAY INTERVAL '1' MINUTE",
                "emit stream with (snapshot = false) | EMIT STREAM WITH (SNAPSHOT = FALSE)",
                "EMIT CHANGES WITH (SNAPSHOT = TRUE) | EMIT STREAM WITH (SNAPSHOT = TRUE)",
                "EMIT STREAM WITH (ALLOWED_LATENESS = INTERVAL '1' SECOND, SNAPSHOT = TRUE)"
                        + " | EMIT STREAM WITH (SNAPSHOT = TRUE,"
                        + " ALLOWED_LATENESS = INTERVAL '1' SECOND)",
            })
    void spellingsOfOneClauseAreOneTree(String a, String b) {
        assertThat(sameTree(a, b)).isTrue();
    }

    @ParameterizedTest(name = "{0} <> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "EMIT STREAM | EMIT AFTER WATERMARK",
                "EMIT STREAM AFTER WATERMARK | EMIT AFTER WATERMARK",
                "EMIT STREAM | EMIT STREAM WITH (SNAPSHOT = TRUE)",
                "EMIT STREAM WITH (SNAPSHOT = TRUE) | EMIT STREAM WITH (SNAPSHOT = FALSE)",
                "EMIT AFTER DELAY INTERVAL '1' MINUTE | EMIT AFTER DELAY INTERVAL '2' MINUTE",
                "EMIT AFTER DELAY INTERVAL '1' MINUTE"
                        + " | EMIT AFTER DELAY INTERVAL '1' MINUTE AND AFTER WATERMARK",
                "EMIT AFTER WATERMARK | EMIT AFTER WATERMARK"
                        + " WITH (ALLOWED_LATENESS = INTERVAL '1' SECOND)",
            })
    void differentClausesAreDifferentTrees(String a, String b) {
        assertThat(sameTree(a, b)).isFalse();
    }

    /** Columns: clause | isStream | isAfterWatermark | delay ms | snapshot | lateness ms. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "EMIT STREAM | true | false | | |",
                "EMIT CHANGES | true | false | | |",
                "EMIT FINAL | true | true | | |",
                "EMIT ON WINDOW CLOSE | true | true | | |",
                "EMIT STREAM AFTER WATERMARK | true | true | | |",
                "EMIT AFTER WATERMARK | false | true | | |",
                "EMIT AFTER DELAY INTERVAL '10' SECOND | false | false | 10000 | |",
                "EMIT STREAM AFTER DELAY INTERVAL '1:30' MINUTE TO SECOND | true | false | 90000"
                        + " | |",
                "EMIT AFTER WATERMARK AND AFTER DELAY INTERVAL '2' HOUR | false | true | 7200000"
                        + " | |",
                "EMIT STREAM AFTER DELAY INTERVAL '0.5' SECOND AND AFTER WATERMARK | true | true"
                        + " | 500 | |",
                "EMIT STREAM WITH (SNAPSHOT = FALSE) | true | false | | false |",
                "EMIT STREAM WITH (SNAPSHOT = TRUE) | true | false | | true |",
                "EMIT FINAL WITH (ALLOWED_LATENESS = INTERVAL '1' DAY) | true | true | | |"
                        + " 86400000",
                "EMIT AFTER WATERMARK WITH (ALLOWED_LATENESS = INTERVAL '0' SECOND) | false | true"
                        + " | | | 0",
                "EMIT STREAM AFTER WATERMARK AND AFTER DELAY INTERVAL '90' SECOND WITH (SNAPSHOT"
                        + " = FALSE, ALLOWED_LATENESS = INTERVAL '2' MINUTE) | true | true | 90000 |"
                        + " false | 120000",
            })
    void accessorsGiveExactValues(
            String clause,
            boolean stream,
            boolean afterWatermark,
            Long delayMillis,
            Boolean snapshot,
            Long latenessMillis) {
        SqlEmit emit = emit(clause);
        assertThat(emit.isStream()).isEqualTo(stream);
        assertThat(emit.isAfterWatermark()).isEqualTo(afterWatermark);
        assertThat(emit.delayMillis()).isEqualTo(Optional.ofNullable(delayMillis));
        assertThat(emit.snapshot()).isEqualTo(Optional.ofNullable(snapshot));
        assertThat(emit.allowedLatenessMillis()).isEqualTo(Optional.ofNullable(latenessMillis));
    }

    @Test
    void unparsingWritesTheCanonicalSpelling() {
        assertThat(WeirParser.unparse(query("EMIT CHANGES"))).endsWith("\nEMIT STREAM");
        assertThat(WeirParser.unparse(query("EMIT ON WINDOW CLOSE")))
                .endsWith("\nEMIT STREAM AFTER WATERMARK");
        assertThat(
                        WeirParser.unparse(
                                query(
                                        "EMIT AFTER DELAY INTERVAL '1' MINUTE AND AFTER WATERMARK"
                                                + " WITH (ALLOWED_LATENESS = INTERVAL '5'"
                                                + " SECOND, SNAPSHOT = TRUE)")))
                .isEqualTo(
                        "SELECT \"a\"\nFROM \"t\"\nEMIT AFTER WATERMARK AND AFTER DELAY"
                                + " INTERVAL '1' MINUTE WITH (SNAPSHOT = TRUE, ALLOWED_LATENESS ="
                                + " INTERVAL '5' SECOND)");
    }

    @Test
    void theQueryUnderEmitIsThePlainQuery() {
        SqlEmitQuery withEmit = (SqlEmitQuery) query("EMIT STREAM");
        assertThat(withEmit.query()).isInstanceOf(SqlSelect.class);
        assertThat(withEmit.query().equalsDeep(query(""), Litmus.IGNORE)).isTrue();
    }

    @Test
    void materializedViewsAndExplainCarryTheirOwnEmit() {
        SqlCreateMaterializedView mv =
                (SqlCreateMaterializedView)
                        WeirParser.parseStatement(
                                "CREATE MATERIALIZED VIEW mv AS SELECT a FROM t EMIT FINAL");
        assertThat(mv.emit()).isPresent();
        assertThat(mv.emit().get().isStream()).isTrue();
        assertThat(mv.emit().get().isAfterWatermark()).isTrue();
        assertThat(mv.query()).isInstanceOf(SqlSelect.class);

        SqlCreateMaterializedView plain =
                (SqlCreateMaterializedView)
                        WeirParser.parseStatement("CREATE MATERIALIZED VIEW mv AS SELECT a FROM t");
        assertThat(plain.emit()).isEmpty();

        SqlExplainQuery explain =
                (SqlExplainQuery)
                        WeirParser.parseStatement(
                                "EXPLAIN PLAN FOR SELECT a FROM t EMIT AFTER DELAY INTERVAL '3'"
                                        + " SECOND");
        SqlEmitQuery explained = (SqlEmitQuery) explain.explained();
        assertThat(explained.emit().delayMillis()).contains(3_000L);
        assertThat(explained.emit().isStream()).isFalse();
    }

    @Test
    void selectStreamIsAPlainSelectWithTheStreamKeyword() {
        SqlSelect select = (SqlSelect) WeirParser.parseStatement("SELECT STREAM a FROM t");
        assertThat(select.getModifierNode(SqlSelectKeyword.STREAM)).isNotNull();
    }
}
