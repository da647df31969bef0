package dev.weir.server.http;

import dev.weir.engine.Caller;
import dev.weir.engine.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who may use the server, and with which role: the users file ({@link UsersFile}), checked against
 * HTTP BASIC credentials. Passwords are kept as PBKDF2 hashes, compared in constant time and never
 * logged; a successful check is remembered for a few minutes ({@link VerifiedLogins}), since a JDBC
 * session sends a request per fetch and each would otherwise pay PBKDF2.
 */
public final class Users {
    private final Map<String, UsersFile.Entry> users;
    private final int strongest;
    private final VerifiedLogins verified = new VerifiedLogins();

    private Users(Map<String, UsersFile.Entry> users) {
        this.users = Map.copyOf(users);
        this.strongest =
                users.values().stream()
                        .mapToInt(e -> e.hash().iterations())
                        .max()
                        .orElse(PasswordHash.DEFAULT_ITERATIONS);
    }

    /**
     * Reads {@code file}: users with roles and password hashes.
     *
     * @throws UsersFile.Invalid saying which line is wrong and how to mend it (a password in plain
     *     text, say)
     */
    public static Users load(Path file) throws IOException, UsersFile.Invalid {
        return new Users(UsersFile.read(file));
    }

    /**
     * For tests: users with their roles and passwords, hashed with the fewest iterations Weir
     * accepts (a test checks each login once, at PBKDF2's cost).
     *
     * @param users name to role and password
     */
    public static Users withRoles(Map<String, Map.Entry<Role, String>> users) {
        Map<String, UsersFile.Entry> entries = new TreeMap<>();
        users.forEach(
                (name, login) ->
                        entries.put(
                                name,
                                new UsersFile.Entry(
                                        name,
                                        login.getKey(),
                                        PasswordHash.of(
                                                login.getValue(), PasswordHash.MIN_ITERATIONS))));
        return new Users(entries);
    }

    /** For tests: admins and their passwords (see {@link #withRoles}). */
    public static Users of(Map<String, String> passwords) {
        Map<String, Map.Entry<Role, String>> users = new TreeMap<>();
        passwords.forEach((name, password) -> users.put(name, Map.entry(Role.ADMIN, password)));
        return withRoles(users);
    }

    /** What an {@code Authorization} header proves. */
    enum Verdict {
        MISSING,
        WRONG,
        ACCEPTED
    }

    /** A verdict, and the user it accepted, with their role. */
    record Check(Verdict verdict, Optional<Caller> caller) {
        static final Check MISSING = new Check(Verdict.MISSING, Optional.empty());
        static final Check WRONG = new Check(Verdict.WRONG, Optional.empty());
    }

    /** Checks an {@code Authorization: Basic ...} header (null when absent). */
    Check check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Check.MISSING;
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Check.WRONG;
        }
        String decoded;
        try {
            decoded =
                    new String(
                            Base64.getDecoder().decode(authorization.substring(6).strip()),
                            StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Check.WRONG;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Check.WRONG;
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        UsersFile.Entry user = users.get(name);
        boolean accepted =
                user == null
                        // Hash even for an unknown user, so timing does not tell which exist.
                        ? PasswordHash.matchesNothing(password, strongest)
                        : verified.contains(name, password) || verify(user, password);
        return accepted
                ? new Check(Verdict.ACCEPTED, Optional.of(Caller.of(name, user.role())))
                : Check.WRONG;
    }

    /** How many logins are remembered as verified now. */
    int verifiedLogins() {
        return verified.size();
    }

    private boolean verify(UsersFile.Entry user, String password) {
        boolean matches = user.hash().matches(password);
        if (matches) {
            verified.add(user.name(), password);
        }
        return matches;
    }
}
