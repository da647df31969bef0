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
 * equal tree.
 */
class ValidStatementsTest {
    private static final List<String> STATEMENTS = StatementCorpus.read("/parser/valid.sql");

    @Test
    void theCorpusCoversEnoughStatements() {
        assertThat(STATEMENTS).hasSizeGreaterThanOrEqualTo(150);
    }

    @TestFactory
    Stream<DynamicTest> roundTrips() {
        return STATEMENTS.stream()
                .map(
                        sql ->
                                DynamicTest.dynamicTest(
                                        sql.replace('\n', ' '),
                                        () -> {
                                            SqlNode node = WeirParser.parseStatement(sql);
                                            String unparsed = WeirParser.unparse(node);
                                            SqlNode again = WeirParser.parseStatement(unparsed);
                                            assertThat(node.equalsDeep(again, Litmus.IGNORE))
                                                    .as("%s%nunparsed as%n%s", sql, unparsed)
                                                    .isTrue();
                                            assertThat(WeirParser.unparse(again))
                                                    .isEqualTo(unparsed);
                                        }));
    }
}
