package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.WeirException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every statement of {@code parser/invalid.sql} fails with exactly the code, line and column (and,
 * where given, message) of its header: {@code -- CODE L:C[: message]}.
 */
class InvalidStatementsTest {
    private static final List<String> CASES = StatementCorpus.read("/parser/invalid.sql");
    private static final Pattern HEADER = Pattern.compile("-- (\\w+) (\\d+):(\\d+)(?:: (.*))?");

    @Test
    void theCorpusCoversEnoughErrors() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(40);
    }

    @TestFactory
    Stream<DynamicTest> failExactly() {
        return CASES.stream()
                .map(
                        block -> {
                            int newline = block.indexOf('\n');
                            String header = newline < 0 ? block : block.substring(0, newline);
                            String sql = newline < 0 ? "" : block.substring(newline + 1);
                            Matcher m = HEADER.matcher(header);
                            assertThat(m.matches()).as("header %s", header).isTrue();
                            return DynamicTest.dynamicTest(
                                    header + " " + sql.replace('\n', ' '),
                                    () ->
                                            assertThatThrownBy(() -> WeirParser.parseStatement(sql))
                                                    .isInstanceOfSatisfying(
                                                            WeirException.class,
                                                            e -> {
                                                                assertThat(e.code().name())
                                                                        .isEqualTo(m.group(1));
                                                                assertThat(e.position())
                                                                        .isPresent();
                                                                assertThat(
                                                                                e.position()
                                                                                        .get()
                                                                                        .line())
                                                                        .isEqualTo(
                                                                                Integer.parseInt(
                                                                                        m.group(
                                                                                                2)));
                                                                assertThat(
                                                                                e.position()
                                                                                        .get()
                                                                                        .column())
                                                                        .isEqualTo(
                                                                                Integer.parseInt(
                                                                                        m.group(
                                                                                                3)));
                                                                if (m.group(4) != null) {
                                                                    assertThat(e.rawMessage())
                                                                            .isEqualTo(m.group(4));
                                                                }
                                                                assertThat(e.getMessage())
                                                                        .startsWith(
                                                                                "line "
                                                                                        + m.group(2)
                                                                                        + ":"
                                                                                        + m.group(3)
                                                                                        + ": ");
                                                                assertThat(e.code().sqlState())
                                                                        .hasSize(5);
                                                            }));
                        });
    }
}
