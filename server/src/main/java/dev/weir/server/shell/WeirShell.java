package dev.weir.server.shell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import sqlline.AbstractCommandHandler;
import sqlline.Application;
import sqlline.BuiltInProperty;
import sqlline.CommandHandler;
import sqlline.DispatchCallback;
import sqlline.SqlLine;
import sqlline.SqlLineOpts;

/** sqlline as {@code weir shell}: its commands plus {@code !queries}. */
public final class WeirShell extends Application {
    @Override
    public String getInfoMessage() {
        return "Weir shell (sqlline). End statements with ';'. Ctrl-C stops a running query."
                + " !queries lists running queries, !help lists commands.";
    }

    /**
     * Weir's defaults. sqlline replaces its options with the application's once the application is
     * chosen ({@code -ac}), so they are set here rather than as command-line flags.
     */
    @Override
    public SqlLineOpts getOpts(SqlLine sqlLine) {
        SqlLineOpts opts = super.getOpts(sqlLine);
        // Per result, ShellConnection turns incremental on for a continuous query (rows as they
        // come) and off for a finite result (buffered, so that widths fit the data).
        opts.set(BuiltInProperty.INCREMENTAL, false);
        opts.set(BuiltInProperty.INCREMENTAL_BUFFER_ROWS, -1);
        // Tables as wide as the terminal (on each statement), 200 without one (a script's output).
        opts.set(BuiltInProperty.AUTO_RESIZE, true);
        opts.set(BuiltInProperty.MAX_WIDTH, 200);
        opts.set(BuiltInProperty.MAX_COLUMN_WIDTH, 60);
        opts.set(BuiltInProperty.SHOW_WARNINGS, false);
        opts.set(BuiltInProperty.VERBOSE, false); // an error is its message, no stack trace
        opts.set(BuiltInProperty.PROMPT, "weir> ");
        opts.set(BuiltInProperty.ISOLATION, "TRANSACTION_NONE");
        opts.set(BuiltInProperty.CONNECT_INTERACTION_MODE, "notAskCredentials");
        if (sqlLine instanceof WeirSqlLine weir) {
            // The user's, from the command line, over Weir's; a bad value is reported by sqlline.
            weir.settings().forEach((name, value) -> opts.set(name, value, false));
        }
        return opts;
    }

    @Override
    public Collection<CommandHandler> getCommandHandlers(SqlLine sqlLine) {
        List<CommandHandler> handlers = new ArrayList<>(super.getCommandHandlers(sqlLine));
        handlers.add(new QueriesCommand(sqlLine));
        handlers.add(new ScriptCommand(sqlLine));
        return handlers;
    }

    /**
     * {@code !queries}: the running continuous and persistent queries, their figures first and the
     * SQL last (SHOW QUERIES has every column, the checkpoints' too).
     */
    static final class QueriesCommand extends AbstractCommandHandler {
        QueriesCommand(SqlLine sqlLine) {
            super(
                    sqlLine,
                    new String[] {"queries"},
                    "List the running queries: id, state, rows in and out, watermark, late rows,"
                            + " state size, SQL",
                    List.of());
        }

        @Override
        public void execute(String line, DispatchCallback callback) {
            sqlLine.runCommands(
                    List.of(
                            "SELECT id, state, rows_in, rows_out, watermark, late_rows_dropped,"
                                    + " state_bytes, \"sql\" FROM sys.queries;"),
                    callback);
        }
    }
}
