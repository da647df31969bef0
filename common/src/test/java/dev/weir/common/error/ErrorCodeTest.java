package dev.weir.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void codesAreUniqueLieInTheirKindsRangeAndHaveASqlState() {
        Set<Integer> seen = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(seen.add(code.code())).as("%s reuses a number", code).isTrue();
            assertThat(code.kind().contains(code.code())).as("%s outside its range", code).isTrue();
            assertThat(code.sqlState()).hasSize(5);
        }
        assertThat(ErrorCode.SYNTAX_ERROR.code()).isEqualTo(1);
        assertThat(ErrorCode.SYNTAX_ERROR.sqlState()).isEqualTo("42000");
        assertThat(ErrorCode.QUERY_CANCELLED.sqlState()).isEqualTo("57014");
        assertThat(ErrorCode.AUTHENTICATION_FAILED.sqlState()).isEqualTo("28000");
        // The JDBC driver raises these with literal numbers (it does not depend on common).
        assertThat(ErrorCode.CANNOT_CONNECT.code()).isEqualTo(31);
        assertThat(ErrorCode.CANNOT_CONNECT.sqlState()).isEqualTo("08001");
        assertThat(ErrorCode.CONNECTION_LOST.code()).isEqualTo(32);
        assertThat(ErrorCode.CONNECTION_LOST.sqlState()).isEqualTo("08006");
    }

    @Test
    void messagesCarryTheirPositionAndShiftIntoAScript() {
        WeirException e = Errors.syntaxError(new Position(1, 8, 1, 11), "Syntax error at 'FROM'.");
        assertThat(e.getMessage()).isEqualTo("line 1:8: Syntax error at 'FROM'.");
        assertThat(e.shiftedTo(3, 5).getMessage()).isEqualTo("line 3:12: Syntax error at 'FROM'.");
        assertThat(new Position(2, 4, 2, 6).shiftedTo(3, 5)).isEqualTo(new Position(4, 4, 4, 6));
        WeirException unpositioned =
                new WeirException(ErrorCode.INTERNAL_ERROR, Optional.empty(), "x");
        assertThat(unpositioned.getMessage()).isEqualTo("x");
    }
}
