package dev.weir.server.shell;

import java.lang.reflect.InvocationTargetException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * sqlline, printing an error as its message and SQLSTATE on one line: {@code Error: line 1:8:
 * Column 'nope' not found in any table. [COLUMN_NOT_FOUND] (SQLSTATE 42S22)}. sqlline's own
 * printing adds the code again and, for any error met before its prompt first shows (every error of
 * a script run with {@code -f}), the stack trace: a user's mistake needs neither.
 */
public final class WeirSqlLine extends sqlline.SqlLine {
    private final Map<String, String> settings;

    /**
     * @param settings sqlline settings from the command line ({@code --outputFormat=csv}), applied
     *     over Weir's defaults by {@link WeirShell#getOpts}: sqlline itself drops the command
     *     line's settings when it loads the application
     */
    public WeirSqlLine(Map<String, String> settings) {
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** The settings given on the command line, by sqlline's names. */
    Map<String, String> settings() {
        return settings;
    }

    @Override
    public void handleException(Throwable e) {
        while (e instanceof InvocationTargetException invocation
                && invocation.getTargetException() != null) {
            e = invocation.getTargetException();
        }
        if (e instanceof SQLWarning) {
            return; // warnings are not shown (showWarnings=false)
        }
        if (e instanceof SQLException sql) {
            error(message(sql));
            return;
        }
        error("Error: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
    }

    /** The line sqlline prints for {@code e}. */
    static String message(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getName() : e.getMessage().strip();
        return "Error: "
                + text
                + (e.getSQLState() == null || e.getSQLState().isEmpty()
                        ? ""
                        : " (SQLSTATE " + e.getSQLState() + ")");
    }
}
