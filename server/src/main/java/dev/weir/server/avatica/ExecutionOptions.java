package dev.weir.server.avatica;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one execution of a statement runs: the most rows its result gives ({@code
 * Statement.setMaxRows}) and how long it may run ({@code Statement.setQueryTimeout}, or the
 * connection property {@code queryTimeout}).
 *
 * <p>Avatica's protocol carries the row limit of a plain statement's execution but not of a
 * prepared one's, and no timeout at all. Weir's driver sends what the protocol lacks as a comment
 * at the very end of the text it sends ({@code /* weir: max_rows=2 query_timeout=5 *&#47;}), where
 * it moves no error position: with the statement's text, or with a prepared statement's signature
 * on each execution.
 *
 * @param maxRows the most rows, or 0 for no limit
 * @param timeoutSeconds 0 for none
 */
record ExecutionOptions(long maxRows, long timeoutSeconds) {
    private static final Pattern COMMENT =
            Pattern.compile("/\\* weir:((?: ?[a-z_]+=\\d{1,18})+) \\*/\\s*$");
    private static final Pattern OPTION = Pattern.compile("([a-z_]+)=(\\d{1,18})");

    /**
     * The options of an execution of {@code text} (a statement, or a prepared statement's signature
     * sent with an execution), over the connection's {@code queryTimeout} and the row limit the
     * protocol carried ({@code protocolMaxRows}, negative for none).
     */
    static ExecutionOptions of(String text, Map<String, String> connection, long protocolMaxRows) {
        long maxRows = Math.max(protocolMaxRows, 0);
        long timeout = connectionTimeout(connection);
        Matcher comment = text == null ? null : COMMENT.matcher(text);
        if (comment != null && comment.find()) {
            Matcher option = OPTION.matcher(comment.group(1));
            while (option.find()) {
                long value = Long.parseLong(option.group(2));
                switch (option.group(1)) {
                    case "max_rows" -> maxRows = value;
                    case "query_timeout" -> timeout = value;
                    default -> {
                        // an option of a newer driver: ignored, as unknown connection properties
                        // are
                    }
                }
            }
        }
        return new ExecutionOptions(maxRows, timeout);
    }

    /**
     * {@code text} without the options comment Weir's driver appends: bookkeeping between driver
     * and server, not the user's SQL, so SHOW QUERIES and sys.queries do not show it.
     */
    static String withoutOptions(String text) {
        Matcher comment = COMMENT.matcher(text);
        return comment.find() ? text.substring(0, comment.start()).stripTrailing() : text;
    }

    private static long connectionTimeout(Map<String, String> connection) {
        String value = connection.get("queryTimeout");
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(Long.parseLong(value.strip()), 0);
        } catch (NumberFormatException e) {
            throw WeirMeta.error(
                    new WeirException(
                            ErrorCode.INVALID_OPTION,
                            Optional.empty(),
                            "Connection property 'queryTimeout' must be whole seconds, not '"
                                    + value
                                    + "'."));
        }
    }

    /** The rows a result may still give after {@code delivered}: all when there is no limit. */
    long remaining(long delivered) {
        return maxRows == 0 ? Long.MAX_VALUE : Math.max(maxRows - delivered, 0);
    }
}
