package dev.weir.server.http;

import dev.weir.engine.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The users file: one line per user, {@code name = role pbkdf2-sha256$ITERATIONS$SALT$HASH}, and
 * comments ({@code #} or {@code !}) and blank lines. {@code bin/weir passwd} writes its lines;
 * passwords in plain text are refused, with the line and the command that replaces them.
 */
public final class UsersFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]+");

    /** The iterations {@code bin/weir passwd} hashes a password with. */
    public static final int DEFAULT_ITERATIONS = PasswordHash.DEFAULT_ITERATIONS;

    private UsersFile() {}

    /** One user's line. */
    record Entry(String name, Role role, PasswordHash hash) {}

    /** A users file that cannot be used: the message names the file and the line. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** Whether {@code name} can be a user's name. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Every user of {@code file}, by name.
     *
     * @throws Invalid when a line is not a user with a role and a password hash, or names a user
     *     twice, or no line names one
     */
    static Map<String, Entry> read(Path file) throws IOException, Invalid {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Entry> users = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            Entry entry = entry(line, at(file, number));
            Integer first = lineOf.putIfAbsent(entry.name(), number);
            if (first != null) {
                throw new Invalid(
                        at(file, number)
                                + "user '"
                                + entry.name()
                                + "' is named again (first on line "
                                + first
                                + "); keep one line per user.");
            }
            users.put(entry.name(), entry);
        }
        if (users.isEmpty()) {
            throw new Invalid(
                    "The users file "
                            + file
                            + " names no user; add one with: bin/weir passwd "
                            + file
                            + " NAME admin");
        }
        return users;
    }

    private static String at(Path file, int line) {
        return "The users file " + file + ", line " + line + ": ";
    }

    private static Entry entry(String line, String at) throws Invalid {
        int equals = line.indexOf('=');
        if (equals < 0) {
            throw new Invalid(at + "a user's line is NAME = ROLE " + PasswordHash.SCHEME + "$...");
        }
        String name = line.substring(0, equals).strip();
        if (!isValidName(name)) {
            throw new Invalid(
                    at + "a user's name is letters, digits, '.', '_', '@' and '-', and not empty.");
        }
        String[] value = line.substring(equals + 1).strip().split("\\s+");
        String fix =
                "bin/weir passwd FILE "
                        + name
                        + " [admin|writer|reader] stores a hash of a password in its place.";
        if (value.length == 0 || !value[value.length - 1].startsWith(PasswordHash.SCHEME + "$")) {
            // Never repeat the value: it is a password.
            throw new Invalid(
                    at
                            + "the password of user '"
                            + name
                            + "' is in plain text, and Weir keeps only hashes of passwords: "
                            + fix);
        }
        if (value.length != 2) {
            throw new Invalid(
                    at
                            + "user '"
                            + name
                            + "' needs a role before the hash (admin, writer or reader): "
                            + fix);
        }
        Optional<Role> role = Role.named(value[0]);
        if (role.isEmpty()) {
            throw new Invalid(
                    at
                            + "'"
                            + value[0]
                            + "' is not a role; user '"
                            + name
                            + "' is admin, writer or reader.");
        }
        try {
            return new Entry(name, role.get(), PasswordHash.parse(value[1]));
        } catch (IllegalArgumentException e) {
            throw new Invalid(at + "user '" + name + "': " + e.getMessage() + "; " + fix);
        }
    }

    /** The line {@code bin/weir passwd} writes. */
    static String line(String name, Role role, PasswordHash hash) {
        return name + " = " + role.label() + " " + hash.encoded();
    }

    /**
     * Writes {@code name}'s line into {@code file}: in place of the user's line if there is one
     * (the role kept when {@code role} is empty), at the end otherwise (the role {@code reader}
     * when {@code role} is empty). Other lines stay as they are. The file is replaced whole, so a
     * server reading it never sees half of it; a new file is readable by its owner only.
     *
     * @return the role written
     */
    public static Role setPassword(
            Path file, String name, Optional<Role> role, String password, int iterations)
            throws IOException {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(
                    "a user's name is letters, digits, '.', '_', '@' and '-'");
        }
        List<String> lines =
                Files.exists(file)
                        ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                        : new ArrayList<>(
                                List.of(
                                        "# Weir's users: NAME = ROLE HASH, written by"
                                                + " bin/weir passwd FILE NAME [ROLE].",
                                        "# Roles: admin (everything), writer (queries and"
                                                + " INSERT/UPSERT/UPDATE/DELETE), reader"
                                                + " (queries)."));
        PasswordHash hash = PasswordHash.of(password, iterations);
        Role written = role.orElse(Role.READER);
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int equals = line.indexOf('=');
            if (line.startsWith("#") || line.startsWith("!") || equals < 0) {
                continue;
            }
            if (line.substring(0, equals).strip().equals(name)) {
                if (role.isEmpty()) {
                    String[] value = line.substring(equals + 1).strip().split("\\s+");
                    written = value.length == 2 ? Role.named(value[0]).orElse(written) : written;
                }
                lines.set(i, line(name, written, hash));
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            lines.add(line(name, written, hash));
        }
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, ".users", ".tmp");
        try {
            ownerOnly(temporary);
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return written;
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its ACLs are the user's to set.
        }
    }
}
