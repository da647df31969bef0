package dev.weir.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
                        "Syntax error at 'x': expected one of: a name, '(', FROM, ZEBRA or end of input.");
        assertThat(SyntaxErrorMessages.unexpectedToken(null, List.of("\")\"")))
                .isEqualTo("Syntax error at end of input: expected ')'.");
    }

    @Test
    void whereAnExpressionMayComeItSaysSo() {
        assertThat(
                        SyntaxErrorMessages.summarize(
                                List.of(
                                        "<UNSIGNED_INTEGER_LITERAL>",
                                        "<QUOTED_STRING>",
                                        "<IDENTIFIER>",
                                        "\"CASE\"",
                                        "\"NOT\"")))
                .containsExactly("an expression", "NOT");
    }
}
