package dev.weir.parser;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error a test expects: its code, where it is, and optionally its exact message. Written in a
 * corpus as a header line {@code -- CODE L:C} or {@code -- CODE L:C: message}.
 */
record ExpectedError(ErrorCode code, int line, int column, Optional<String> message) {
    private static final Pattern HEADER = Pattern.compile("-- ([A-Z_]+) (\\d+):(\\d+)(?:: (.+))?");

    ExpectedError {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
    }

    static ExpectedError parseHeader(String header) {
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "a case starts with '-- CODE LINE:COLUMN[: message]', not: " + header);
        }
        return new ExpectedError(
                ErrorCode.valueOf(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                Optional.ofNullable(m.group(4)));
    }

    /** Asserts that {@code thrown} is this error: code, line, column and (if given) message. */
    void assertMatches(Throwable thrown) {
        assertThat(thrown).as("what was thrown").isInstanceOf(WeirException.class);
        WeirException e = (WeirException) thrown;
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        Position position = e.position().orElseThrow(() -> new AssertionError("no position"));
        assertThat(position.line() + ":" + position.column())
                .as("position of: %s", e.getMessage())
                .isEqualTo(line + ":" + column);
        assertThat(e.getMessage()).startsWith("line " + line + ":" + column + ": ");
        message.ifPresent(expected -> assertThat(e.rawMessage()).isEqualTo(expected));
    }
}
