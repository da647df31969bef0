package dev.weir.common.error;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The one exception Weir reports to users: a stable {@link ErrorCode}, an optional position in the
 * statement, and a message written as a sentence.
 *
 * <p>Build it through {@link Errors}, which holds one factory per message, so that the same problem
 * is always described in the same words.
 */
public final class WeirException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Optional<Position> position;
    private final String rawMessage;

    public WeirException(ErrorCode code, Optional<Position> position, String message) {
        this(code, position, message, null);
    }

    public WeirException(
            ErrorCode code, Optional<Position> position, String message, Throwable cause) {
        super(format(position, message), cause);
        this.code = requireNonNull(code, "code is null");
        this.position = requireNonNull(position, "position is null");
        this.rawMessage = requireNonNull(message, "message is null");
    }

    private static String format(Optional<Position> position, String message) {
        return position.map(p -> "line " + p.line() + ":" + p.column() + ": " + message)
                .orElse(message);
    }

    public ErrorCode code() {
        return code;
    }

    public Optional<Position> position() {
        return position;
    }

    /** The message without the position prefix. */
    public String rawMessage() {
        return rawMessage;
    }

    /** This error as if its statement began at the given place of a script. */
    public WeirException shiftedTo(int startLine, int startColumn) {
        if (position.isEmpty() || (startLine == 1 && startColumn == 1)) {
            return this;
        }
        WeirException shifted =
                new WeirException(
                        code,
                        position.map(p -> p.shiftedTo(startLine, startColumn)),
                        rawMessage,
                        getCause());
        shifted.setStackTrace(getStackTrace());
        return shifted;
    }
}
