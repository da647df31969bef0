package dev.weir.planner.validate;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Position;
import dev.weir.common.error.WeirException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;

/**
 * Maps Calcite's validation errors to Weir's codes, keeping Calcite's wording and position (as
 * Druid's {@code DruidPlanner.parseValidationMessage} does).
 */
public final class ValidationErrors {
    private static final Pattern TABLE_NOT_FOUND =
            Pattern.compile("(?s)(Object|Table) '.*' not found.*");
    private static final Pattern COLUMN_NOT_FOUND =
            Pattern.compile("(?s)Column '.*' not found.*|(?s)Unknown identifier.*");
    private static final Pattern FUNCTION_NOT_FOUND =
            Pattern.compile("(?s)No match found for function signature.*");
    private static final Pattern TYPE_MISMATCH =
            Pattern.compile(
                    "(?s)(Cannot apply|Cannot assign|Cannot infer|Type mismatch|.*incompatible"
                            + " types|Values passed to|.*type mismatch|Parameters must be of the"
                            + " same type).*");
    private static final Pattern AMBIGUOUS = Pattern.compile("(?s).*is ambiguous.*");

    private ValidationErrors() {}

    /** A named argument of a windowing function that is none of its parameters. */
    public static WeirException unknownParameter(
            String function, String name, List<String> parameters, Position position) {
        return new WeirException(
                ErrorCode.VALIDATION_ERROR,
                Optional.of(position),
                "'"
                        + name
                        + "' is not a parameter of "
                        + function
                        + "; its parameters are "
                        + String.join(", ", parameters)
                        + ".");
    }

    public static WeirException of(CalciteContextException e) {
        String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        if (message == null) {
            message = e.getMessage();
        }
        Optional<Position> position =
                e.getPosLine() > 0
                        ? Optional.of(
                                new Position(
                                        e.getPosLine(),
                                        e.getPosColumn(),
                                        Math.max(e.getEndPosLine(), e.getPosLine()),
                                        e.getEndPosLine() > e.getPosLine()
                                                ? e.getEndPosColumn()
                                                : Math.max(e.getEndPosColumn(), e.getPosColumn())))
                        : Optional.empty();
        return new WeirException(codeOf(message), position, sentence(message), e);
    }

    static ErrorCode codeOf(String message) {
        if (TABLE_NOT_FOUND.matcher(message).matches()) {
            return ErrorCode.TABLE_NOT_FOUND;
        }
        if (COLUMN_NOT_FOUND.matcher(message).matches()) {
            return ErrorCode.COLUMN_NOT_FOUND;
        }
        if (FUNCTION_NOT_FOUND.matcher(message).matches()) {
            return ErrorCode.FUNCTION_NOT_FOUND;
        }
        if (TYPE_MISMATCH.matcher(message).matches()) {
            return ErrorCode.TYPE_MISMATCH;
        }
        if (AMBIGUOUS.matcher(message).matches()) {
            return ErrorCode.AMBIGUOUS_NAME;
        }
        return ErrorCode.VALIDATION_ERROR;
    }

    private static String sentence(String message) {
        String trimmed = message.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }
}
