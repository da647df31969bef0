package dev.weir.server.shell;

import dev.weir.common.error.WeirException;
import dev.weir.parser.ScriptSplitter;
import dev.weir.parser.ScriptStatement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sqlline.AbstractCommandHandler;
import sqlline.BuiltInProperty;
import sqlline.DispatchCallback;
import sqlline.SqlLine;

/**
 * {@code !script FILE}, what {@code weir shell -f FILE} runs: the file's statements one by one,
 * stopping at the first that fails, whose message is followed by where it is in the file ({@code in
 * q.sql, statement at line 3: SELECT nope}), with no stack trace and none of sqlline's progress
 * lines. A line starting with {@code !} is a sqlline command, as in {@code !run}.
 */
final class ScriptCommand extends AbstractCommandHandler {
    ScriptCommand(SqlLine sqlLine) {
        super(
                sqlLine,
                new String[] {"script"},
                "Run a script's statements, stopping at the first error: !script FILE",
                List.of());
    }

    /** A statement or command of a script, with the line it starts on. */
    record Step(String text, int line) {}

    @Override
    public void execute(String line, DispatchCallback callback) {
        String name = line.substring(line.indexOf("script") + "script".length()).strip();
        if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        List<Step> steps;
        try {
            steps = steps(Files.readString(Path.of(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            sqlLine.error("Error: cannot read " + name + ": " + e.getMessage());
            callback.setToFailure();
            return;
        } catch (WeirException e) {
            sqlLine.error("Error: " + e.getMessage() + " [" + e.code() + "]");
            sqlLine.error("  in " + name);
            callback.setToFailure();
            return;
        }
        // No "1/3 SELECT ..." and "1 row selected (0.01 seconds)" lines, and no "Aborting command
        // set": this command says where a script stopped itself.
        sqlLine.getOpts().set(BuiltInProperty.SILENT, true);
        sqlLine.getOpts().set(BuiltInProperty.FORCE, true);
        for (Step step : steps) {
            DispatchCallback each = new DispatchCallback();
            sqlLine.runCommands(List.of(step.text()), each);
            if (!each.isSuccess()) {
                sqlLine.error(
                        "  in "
                                + name
                                + ", statement at line "
                                + step.line()
                                + ": "
                                + step.text().lines().findFirst().orElse("").strip());
                callback.setToFailure();
                return;
            }
        }
        callback.setToSuccess();
    }

    /**
     * The script's steps: each line starting with {@code !} is a command; the text between them is
     * cut into statements at their semicolons (Weir's script splitter, which knows quotes and
     * comments), each sent with its {@code ;}.
     */
    static List<Step> steps(String script) {
        List<Step> steps = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int chunkLine = 1;
        int lineNumber = 0;
        for (String line : script.split("\n", -1)) {
            lineNumber++;
            if (line.stripLeading().startsWith("!")) {
                addStatements(chunk.toString(), chunkLine, steps);
                steps.add(new Step(line.strip(), lineNumber));
                chunk.setLength(0);
                chunkLine = lineNumber + 1;
            } else {
                chunk.append(line).append('\n');
            }
        }
        addStatements(chunk.toString(), chunkLine, steps);
        return steps;
    }

    private static void addStatements(String chunk, int firstLine, List<Step> steps) {
        for (ScriptStatement statement : ScriptSplitter.split(chunk)) {
            steps.add(new Step(statement.sql() + ";", firstLine + statement.line() - 1));
        }
    }
}
