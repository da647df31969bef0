package dev.weir.sqltests.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The oracle's own rules: what compares equal, and how a repro prints. */
class CanonicalTest {
    @Test
    void numbersCompareByValueAndStringsKeepTheirPadding() {
        assertThat(Canonical.value(5)).isEqualTo(Canonical.value(BigInteger.valueOf(5)));
        assertThat(Canonical.value(new BigDecimal("12.50")))
                .isEqualTo(Canonical.value(new BigDecimal("12.5")));
        assertThat(Canonical.value(new BigDecimal("0.00"))).isEqualTo("0");
        assertThat(Canonical.value(0.1 + 0.2)).isEqualTo(Canonical.value(0.3));
        assertThat(Canonical.value(-0.0d)).isEqualTo("0");
        assertThat(Canonical.value("big  ")).isNotEqualTo(Canonical.value("big"));
        assertThat(Canonical.value(null)).isEqualTo("NULL");
        assertThat(Canonical.value(true)).isEqualTo("TRUE");
    }

    @Test
    void aReproPrintsTimestampsAndStringsAsScriptsDo() {
        Select s =
                Select.of(
                        List.of(
                                new Select.Item(Expr.same("e.ts", Expr.Type.TIMESTAMP), "c0"),
                                new Select.Item(Expr.same("e.k", Expr.Type.VARCHAR), "c1")),
                        new From.Scan("ev", "e"),
                        List.of());
        OracleQuery q =
                new OracleQuery(
                        "project", s, List.of(), Set.of(), 0, false, false, Optional.empty());
        assertThat(Report.sqltRow("1767225600000 | 'a'", q)).isEqualTo("2026-01-01 00:00:00 | a");
        assertThat(Report.sqltRow("-1 | NULL", q)).isEqualTo("1969-12-31 23:59:59.999 | NULL");
    }

    @Test
    void theWindowRuleOfTheReferenceDropsOnlyRowsLateForTheirWindow() {
        From.Window w = new From.Window("TUMBLE", "ev", "w", "ts", 1000, 0, 0, null, true);
        OracleInput input =
                new OracleInput(
                        List.of(InputGenerator.ev(0)),
                        java.util.Map.of(
                                "ev",
                                List.<Object[]>of(
                                        new Object[] {
                                            "a", 1, 1, null, null, "x", true, 5_000L, null
                                        })));
        String sql = w.duck(new From.Render(input, 0, false));
        // Late: the watermark at the row's arrival passed its window's end (plus the lateness).
        assertThat(sql).contains("(w.awm IS NULL OR w.we_ms + 0 > w.awm)");
        assertThat(w.duck(new From.Render(input, 0, true))).contains("w.we_ms <= 5000");
    }
}
