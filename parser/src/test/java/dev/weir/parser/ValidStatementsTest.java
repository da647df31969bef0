package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every statement of {@code parser/valid.sql} parses, and unparses to SQL that parses back to an
 * equal tree (and unparses again to the same text: unparsing is a fixed point).
 */
class ValidStatementsTest {
    private static final List<StatementCorpus.Entry> STATEMENTS =
            StatementCorpus.read("/parser/valid.sql");

    @Test
    void theCorpusCoversEnoughStatements() {
        assertThat(STATEMENTS).hasSizeGreaterThanOrEqualTo(160);
    }

    @TestFactory
    Stream<DynamicTest> eachParsesAndRoundTrips() {
        return STATEMENTS.stream()
                .map(s -> DynamicTest.dynamicTest(s.displayName(), () -> roundTrip(s.text())));
    }

    private static void roundTrip(String sql) {
        SqlNode node = WeirParser.parseStatement(sql);
        String unparsed = WeirParser.unparse(node);
        SqlNode again = WeirParser.parseStatement(unparsed);
        assertThat(node.equalsDeep(again, Litmus.IGNORE))
                .as("%s%nunparsed as%n%s%nwhich parses to a different tree", sql, unparsed)
                .isTrue();
        assertThat(WeirParser.unparse(again)).isEqualTo(unparsed);
    }
}
