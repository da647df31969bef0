package dev.weir.common.error;

import static java.util.Objects.requireNonNull;

/**
 * Every error Weir reports, each with a stable numeric code and a SQLSTATE.
 *
 * <p>Append-only: clients and scripts match on the name and the number, so an entry is never
 * renumbered, renamed or removed. A new entry takes the next free number in its kind's range.
 */
public enum ErrorCode {
    // User errors: the statement or the input is wrong.
    SYNTAX_ERROR(1, ErrorKind.USER, "42000"),
    STATEMENT_TOO_COMPLEX(2, ErrorKind.USER, "54001"),
    INVALID_OPTION(3, ErrorKind.USER, "42000"),
    DUPLICATE_OPTION(4, ErrorKind.USER, "42000"),
    EMIT_NOT_ALLOWED(5, ErrorKind.USER, "42000"),
    TABLE_NOT_FOUND(10, ErrorKind.USER, "42S02"),
    COLUMN_NOT_FOUND(11, ErrorKind.USER, "42S22"),
    FUNCTION_NOT_FOUND(12, ErrorKind.USER, "42883"),
    TYPE_MISMATCH(13, ErrorKind.USER, "42804"),
    AMBIGUOUS_NAME(14, ErrorKind.USER, "42702"),
    DUPLICATE_NAME(15, ErrorKind.USER, "42710"),
    OBJECT_ALREADY_EXISTS(16, ErrorKind.USER, "42S01"),
    OBJECT_IN_USE(17, ErrorKind.USER, "2BP01"),
    INVALID_WATERMARK(18, ErrorKind.USER, "42000"),
    INVALID_WINDOW(19, ErrorKind.USER, "42000"),
    UNSUPPORTED_STREAMING_QUERY(20, ErrorKind.USER, "0A000"),
    NOT_SUPPORTED(21, ErrorKind.USER, "0A000"),
    VALIDATION_ERROR(22, ErrorKind.USER, "42000"),
    QUERY_NOT_FOUND(23, ErrorKind.USER, "42704"),
    INVALID_ARGUMENT(24, ErrorKind.USER, "22023"),
    DATA_EXCEPTION(25, ErrorKind.USER, "22000"),
    DIVISION_BY_ZERO(26, ErrorKind.USER, "22012"),
    QUERY_CANCELLED(27, ErrorKind.USER, "57014"),
    AUTHENTICATION_FAILED(28, ErrorKind.USER, "28000"),
    CONNECTOR_ERROR(29, ErrorKind.USER, "58030"),
    /** A request the server cannot decode (not Avatica protobuf or JSON): PostgreSQL's SQLSTATE. */
    MALFORMED_REQUEST(30, ErrorKind.USER, "08P01"),
    /**
     * The client cannot reach the server: nothing listens, TLS on one side only, not a Weir server.
     * Raised by the JDBC driver, which does not depend on this module: it uses the same number and
     * SQLSTATE.
     */
    CANNOT_CONNECT(31, ErrorKind.USER, "08001"),
    /** A connection that worked failed (the server went away); raised by the JDBC driver. */
    CONNECTION_LOST(32, ErrorKind.USER, "08006"),
    /**
     * A value out of the range of its type: integer arithmetic that overflows, a CAST to a type too
     * small, TIMESTAMPDIFF over times too far apart for an INTEGER.
     */
    NUMERIC_OVERFLOW(33, ErrorKind.USER, "22003"),
    DUPLICATE_KEY(40, ErrorKind.USER, "23505"),
    NULL_NOT_ALLOWED(41, ErrorKind.USER, "23502"),
    /**
     * The user's role does not allow the statement (a reader's CREATE, say) or the user may not
     * touch the object (another user's query); PostgreSQL's insufficient_privilege.
     */
    INSUFFICIENT_PRIVILEGE(42, ErrorKind.USER, "42501"),

    // Internal errors: a bug in Weir; the message says so.
    INTERNAL_ERROR(100_000, ErrorKind.INTERNAL, "XX000"),
    STATE_CORRUPTED(100_001, ErrorKind.INTERNAL, "XX001"),
    /**
     * Persisted data (catalog, log segment, checkpoint, state) in a format this release does not
     * read: written by a newer release, or by an older one it cannot migrate. Refused, never
     * guessed at.
     */
    STATE_FORMAT_UNSUPPORTED(100_002, ErrorKind.INTERNAL, "58000"),

    // Resource errors: a limit was reached.
    OUT_OF_MEMORY(200_000, ErrorKind.RESOURCE, "53200"),
    DISK_FULL(200_001, ErrorKind.RESOURCE, "53100"),
    QUERY_TIMEOUT(200_002, ErrorKind.RESOURCE, "57014"),
    /**
     * The server runs as many queries (continuous and persistent) as its {@code --max-queries}
     * allows; PostgreSQL's configuration_limit_exceeded. Its SQLSTATE was 53000 until it was first
     * raised, which this limit is.
     */
    TOO_MANY_QUERIES(200_003, ErrorKind.RESOURCE, "53400"),
    CONSUMER_TOO_SLOW(200_004, ErrorKind.RESOURCE, "53000"),
    /** A request over the server's size limit (HTTP 413); raised by the JDBC driver. */
    REQUEST_TOO_LARGE(200_005, ErrorKind.RESOURCE, "54000"),
    /** The server has as many connections open as its {@code --max-connections} allows. */
    TOO_MANY_CONNECTIONS(200_006, ErrorKind.RESOURCE, "53300");

    private final int code;
    private final ErrorKind kind;
    private final String sqlState;

    ErrorCode(int code, ErrorKind kind, String sqlState) {
        this.code = code;
        this.kind = requireNonNull(kind, "kind is null");
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
    }

    /** The stable number of this error. */
    public int code() {
        return code;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The five-character SQLSTATE that JDBC clients see. */
    public String sqlState() {
        return sqlState;
    }
}
