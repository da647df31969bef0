package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code parser/invalid.sql} fails {@link WeirParser#parseStatement} and every case
 * of {@code parser/invalid-scripts.sql} fails {@link WeirParser#parseScript}, with exactly the
 * code, line and column (and, where given, message) of its header line: {@code -- CODE L:C} or
 * {@code -- CODE L:C: message}. Lines and columns count from the case's first line after the
 * header.
 */
class InvalidStatementsTest {
    private static final List<StatementCorpus.Entry> STATEMENTS =
            StatementCorpus.read("/parser/invalid.sql");
    private static final List<StatementCorpus.Entry> SCRIPTS =
            StatementCorpus.read("/parser/invalid-scripts.sql");

    @Test
    void theCorporaCoverEnoughErrors() {
        assertThat(STATEMENTS).hasSizeGreaterThanOrEqualTo(45);
        assertThat(SCRIPTS).hasSizeGreaterThanOrEqualTo(5);
    }

    @TestFactory
    Stream<DynamicTest> eachStatementFailsExactly() {
        return cases(STATEMENTS, WeirParser::parseStatement);
    }

    @TestFactory
    Stream<DynamicTest> eachScriptFailsExactly() {
        return cases(SCRIPTS, WeirParser::parseScript);
    }

    private static Stream<DynamicTest> cases(
            List<StatementCorpus.Entry> entries, Consumer<String> parse) {
        return entries.stream()
                .map(
                        entry -> {
                            String text = entry.text();
                            int newline = text.indexOf('\n');
                            String header = newline < 0 ? text : text.substring(0, newline);
                            String sql = newline < 0 ? "" : text.substring(newline + 1);
                            ExpectedError expected = ExpectedError.parseHeader(header);
                            return DynamicTest.dynamicTest(
                                    entry.displayName(),
                                    () ->
                                            expected.assertMatches(
                                                    catchThrowable(() -> parse.accept(sql))));
                        });
    }
}
