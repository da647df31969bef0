package dev.weir.common.error;

import java.util.Optional;

/**
 * One factory per message shared across modules. Messages are sentences; names and values in them
 * are quoted; they never carry row data or secrets.
 */
public final class Errors {
    private Errors() {}

    public static WeirException syntaxError(Position position, String message) {
        return new WeirException(ErrorCode.SYNTAX_ERROR, Optional.of(position), message);
    }

    public static WeirException statementTooComplex(int lengthInCharacters) {
        return new WeirException(
                ErrorCode.STATEMENT_TOO_COMPLEX,
                Optional.of(Position.at(1, 1)),
                "The statement is nested too deeply to parse ("
                        + lengthInCharacters
                        + " characters); split it or use fewer nested parentheses.");
    }

    public static WeirException duplicateOption(Position position, String option) {
        return new WeirException(
                ErrorCode.DUPLICATE_OPTION,
                Optional.of(position),
                "Option '" + option + "' is given more than once.");
    }

    public static WeirException invalidOption(Position position, String message) {
        return new WeirException(ErrorCode.INVALID_OPTION, Optional.of(position), message);
    }

    public static WeirException emitNotAllowed(Position position, String where) {
        return new WeirException(
                ErrorCode.EMIT_NOT_ALLOWED,
                Optional.of(position),
                "EMIT is allowed only at the end of a top-level query or of a materialized view"
                        + " definition, not "
                        + where
                        + ".");
    }

    public static WeirException emitNotAllowed(Position position) {
        return new WeirException(
                ErrorCode.EMIT_NOT_ALLOWED,
                Optional.of(position),
                "EMIT is allowed only at the end of a top-level query or of a materialized view"
                        + " definition.");
    }

    public static WeirException notSupported(Optional<Position> position, String message) {
        return new WeirException(ErrorCode.NOT_SUPPORTED, position, message);
    }

    public static WeirException unsupportedStreamingQuery(
            Optional<Position> position, String message) {
        return new WeirException(ErrorCode.UNSUPPORTED_STREAMING_QUERY, position, message);
    }

    public static WeirException tableNotFound(Optional<Position> position, String name) {
        return new WeirException(
                ErrorCode.TABLE_NOT_FOUND, position, "Object '" + name + "' not found.");
    }

    public static WeirException alreadyExists(
            Optional<Position> position, String kind, String name) {
        return new WeirException(
                ErrorCode.OBJECT_ALREADY_EXISTS,
                position,
                "A " + kind + " named '" + name + "' already exists.");
    }

    public static WeirException invalidWatermark(Optional<Position> position, String message) {
        return new WeirException(ErrorCode.INVALID_WATERMARK, position, message);
    }

    public static WeirException invalidArgument(String message) {
        return new WeirException(ErrorCode.INVALID_ARGUMENT, Optional.empty(), message);
    }

    /**
     * A row's value that the query's expressions cannot compute: an overflow, a division by zero, a
     * string that is not a number. The query's data is at fault, not the query; Flink fails the job
     * likewise.
     *
     * @param expressions the expressions being evaluated, as the plan shows them
     */
    public static WeirException dataError(String expressions, RuntimeException cause) {
        ErrorCode code;
        String what;
        if (cause instanceof ArithmeticException && "/ by zero".equals(cause.getMessage())) {
            code = ErrorCode.DIVISION_BY_ZERO;
            what = "Division by zero";
        } else if (cause instanceof ArithmeticException) {
            code = ErrorCode.NUMERIC_OVERFLOW;
            what = "Numeric value out of range (" + cause.getMessage() + ")";
        } else {
            code = ErrorCode.DATA_EXCEPTION;
            what = "A value cannot be converted (" + cause.getMessage() + ")";
        }
        return new WeirException(
                code, Optional.empty(), what + " evaluating " + expressions + ".", cause);
    }

    public static WeirException internal(String message, Throwable cause) {
        return new WeirException(
                ErrorCode.INTERNAL_ERROR,
                Optional.empty(),
                "Internal error (a bug in Weir; please report it): " + message,
                cause);
    }

    /**
     * Persisted data in a format this release does not read.
     *
     * @param file the file that says which format it has
     * @param found the format it has
     * @param newer whether a newer release wrote it (rather than an older one this one cannot
     *     migrate)
     * @param supported the formats this release reads
     */
    public static WeirException formatUnsupported(
            String file, String found, boolean newer, String supported) {
        return new WeirException(
                ErrorCode.STATE_FORMAT_UNSUPPORTED,
                Optional.empty(),
                "The file '"
                        + file
                        + "' has format "
                        + found
                        + ", written by "
                        + (newer ? "a newer" : "an older")
                        + " release of Weir; this release reads "
                        + supported
                        + ". Start the Weir release that wrote it, or move the data directory"
                        + " aside to start afresh.");
    }

    /**
     * Something could not be written durably: the disk is full, or the file system failed.
     *
     * @param what what was being written, e.g. "the stream log segment '...'"
     * @param consequence what it means for the caller, a sentence
     */
    public static WeirException cannotWrite(String what, String consequence, Throwable cause) {
        return new WeirException(
                ErrorCode.DISK_FULL,
                Optional.empty(),
                "Cannot write "
                        + what
                        + ": "
                        + cause.getMessage()
                        + ". "
                        + consequence
                        + " Free disk space (or fix the file system) and try again.",
                cause);
    }
}
