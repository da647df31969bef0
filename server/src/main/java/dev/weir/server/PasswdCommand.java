package dev.weir.server;

import dev.weir.engine.Role;
import dev.weir.server.http.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code weir passwd FILE USER [ROLE]}: writes a user's line into the users file, with a hash of a
 * password read from the terminal without echo (asked twice), or from the first line of standard
 * input when that is not a terminal (for scripts). The server reads the file when it starts.
 */
final class PasswdCommand {
    private static final String USAGE =
            "usage: weir passwd FILE USER [admin|writer|reader]\n"
                    + "  writes USER's line into the users file FILE (made if missing), with a hash"
                    + " of the\n"
                    + "  password it asks for; a new user's role is reader unless named, an existing"
                    + " user's\n"
                    + "  stays as it was unless named. Restart the server to use the file.\n";

    private PasswdCommand() {}

    /** Runs the command; the exit status. */
    static int run(List<String> args, InputStream in, PrintStream err) {
        if (args.size() < 2 || args.size() > 3) {
            err.print(USAGE);
            return 2;
        }
        Path file = Path.of(args.get(0));
        String user = args.get(1);
        if (!UsersFile.isValidName(user)) {
            err.println(
                    "weir: '"
                            + user
                            + "' cannot be a user's name: letters, digits, '.', '_', '@' and '-'"
                            + " only.");
            return 2;
        }
        Optional<Role> role = Optional.empty();
        if (args.size() == 3) {
            role = Role.named(args.get(2));
            if (role.isEmpty()) {
                err.println("weir: '" + args.get(2) + "' is not a role: admin, writer or reader.");
                return 2;
            }
        }
        Optional<String> password;
        try {
            password = password(user, in, err);
        } catch (IOException e) {
            err.println("weir: cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password.isEmpty()) {
            return 1;
        }
        try {
            Role written =
                    UsersFile.setPassword(
                            file, user, role, password.get(), UsersFile.DEFAULT_ITERATIONS);
            err.println(
                    "weir: user '"
                            + user
                            + "' (role "
                            + written.label()
                            + ") written to "
                            + file
                            + "; restart the server to use it.");
            return 0;
        } catch (IOException e) {
            err.println("weir: cannot write " + file + ": " + e);
            return 1;
        }
    }

    /** The password, asked twice at a terminal; empty (the reason said) when there is none. */
    private static Optional<String> password(String user, InputStream in, PrintStream err)
            throws IOException {
        Console console = System.console();
        String password;
        if (console != null && in == System.in) {
            char[] first = console.readPassword("Password for %s: ", user);
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null) {
                err.println("weir: no password given; nothing written.");
                return Optional.empty();
            }
            boolean same = Arrays.equals(first, again);
            password = new String(first);
            Arrays.fill(first, ' ');
            Arrays.fill(again, ' ');
            if (!same) {
                err.println("weir: the two passwords differ; nothing written.");
                return Optional.empty();
            }
        } else {
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            password = reader.readLine();
        }
        if (password == null || password.isEmpty()) {
            err.println("weir: no password given; nothing written.");
            return Optional.empty();
        }
        return Optional.of(password);
    }
}
