package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.common.error.WeirException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Syntax error messages name what was found and a short list of what could come: at most eight
 * items, then "...", never JavaCC's hundreds of tokens.
 */
class SyntaxErrorMessagesTest {
    @Test
    void listsAtMostEightThenEllipsis() {
        List<String> images =
                List.of(
                        "\"A\"", "\"B\"", "\"C\"", "\"D\"", "\"E\"", "\"F\"", "\"G\"", "\"H\"",
                        "\"I\"", "\",\"");
        assertThat(SyntaxErrorMessages.summarize(images))
                .containsExactly("','", "A", "B", "C", "D", "E", "F", "G", "...");
    }

    @Test
    void namesTokenCategoriesAndPutsStructuralKeywordsFirst() {
        assertThat(
                        SyntaxErrorMessages.unexpectedToken(
                                "x",
                                List.of("\"ZEBRA\"", "\"FROM\"", "<IDENTIFIER>", "<EOF>", "\"(\"")))
                .isEqualTo(
                        "Syntax error at 'x': expected one of: a name, '(', FROM, ZEBRA or end of"
                                + " input.");
        assertThat(SyntaxErrorMessages.unexpectedToken(null, List.of("\")\"")))
                .isEqualTo("Syntax error at end of input: expected ')'.");
    }

    @Test
    void whereAnExpressionMayComeItSaysSoOnce() {
        assertThat(
                        SyntaxErrorMessages.summarize(
                                List.of(
                                        "<UNSIGNED_INTEGER_LITERAL>",
                                        "<QUOTED_STRING>",
                                        "<IDENTIFIER>",
                                        "\"(\"",
                                        "\"-\"",
                                        "\"CASE\"",
                                        "\"NOT\"",
                                        "\"*\"")))
                .containsExactly("an expression", "'*'");
    }

    @Test
    void manyOperatorsAreOneItem() {
        assertThat(
                        SyntaxErrorMessages.summarize(
                                List.of(
                                        "\"+\"",
                                        "\"-\"",
                                        "\"*\"",
                                        "\"/\"",
                                        "\"<\"",
                                        "\")\"",
                                        "\"AND\"",
                                        "\"LIKE\"",
                                        "\"ORDER\"")))
                .containsExactly("')'", "an operator", "ORDER");
    }

    @Test
    void manyTypeNamesAreOneItem() {
        assertThat(
                        SyntaxErrorMessages.summarize(
                                List.of(
                                        "\"BIGINT\"",
                                        "\"BOOLEAN\"",
                                        "\"DATE\"",
                                        "\"INT\"",
                                        "\"VARCHAR\"",
                                        "<IDENTIFIER>")))
                .containsExactly("a data type");
    }

    /** Whole statements and the exact message each gets. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "SELECT a FROM t WHERE | Syntax error at end of input: expected an expression.",
                "CREATE STREAM s (a INT | Syntax error at end of input: expected one of: ')', ',',"
                        + " NOT, NULL, PRIMARY, ARRAY, MULTISET or UNSIGNED.",
                "SELECT FROM t | Syntax error at 'FROM': expected one of: an expression, '*',"
                        + " STREAM, DISTINCT or ALL.",
                "SELECT a FROM | Syntax error at end of input: expected one of: a name, '(',"
                        + " TABLE, LATERAL or UNNEST.",
                "SELECT COUNT(a FROM t | Syntax error at 'FROM': expected one of: ')', ',', '(',"
                        + " '.', an operator, ORDER, LIMIT, OFFSET, ...",
                "CREATE STREAM s (a) | Syntax error at ')': expected one of: a data type or AS.",
                "SELECT a FROM t WHERE a = 1 AND | Syntax error at 'AND': expected an operand"
                        + " after it.",
                "SELECT a FROM t EMIT | Syntax error at end of input: expected one of: ON, STREAM,"
                        + " AFTER, CHANGES or FINAL.",
                "SELECT a FROM t EMIT STREAM AFTER | Syntax error at end of input: expected one"
                        + " of: WATERMARK or DELAY.",
                "DROP STREAM IF EXISTS | Syntax error at end of input: expected a name.",
                "CANCEL QUERY | Syntax error at end of input: expected a string.",
                "SHOW | Syntax error at end of input: SHOW is followed by STREAMS, TABLES, VIEWS,"
                        + " MATERIALIZED VIEWS, QUERIES or FUNCTIONS.",
                "CANCEL q1 | Syntax error at 'q1': CANCEL is followed by QUERY and the query's id"
                        + " in quotes, as in CANCEL QUERY 'q1'.",
                "DESCRIBE | Syntax error at end of input: DESCRIBE is followed by the name of a"
                        + " stream, table or view.",
            })
    void statementsGetShortReadableMessages(String sql, String message) {
        Throwable thrown = catchThrowable(() -> WeirParser.parseStatement(sql));
        assertThat(thrown).isInstanceOf(WeirException.class);
        assertThat(((WeirException) thrown).rawMessage()).isEqualTo(message);
    }

    @Test
    void noMessageListsMoreThanEightItems() {
        for (String sql :
                List.of(
                        "SELECT",
                        "SELECT a FROM t WHERE a = (1 + 2",
                        "SELECT * FROM t JOIN",
                        "SELECT a b c FROM t",
                        "INSERT INTO s VALUES (1 2)",
                        "CREATE TABLE t (a INT, PRIMARY KEY",
                        "EXPLAIN")) {
            String message =
                    ((WeirException) catchThrowable(() -> WeirParser.parseStatement(sql)))
                            .rawMessage();
            int colon = message.indexOf("expected");
            assertThat(colon).as(message).isPositive();
            String list = message.substring(colon).replace(" or ", ", ");
            assertThat(list.split(", ")).as(message).hasSizeLessThanOrEqualTo(9);
            assertThat(message).as(message).hasSizeLessThan(160);
        }
    }
}
