package dev.weir.server.http;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Who may use the server: user names and passwords from a file of {@code name = password} lines
 * (Java properties), checked against HTTP BASIC credentials. Passwords are compared in constant
 * time and never logged.
 */
public final class Users {
    private final Map<String, byte[]> passwords;

    private Users(Map<String, byte[]> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** Reads {@code file}; it must name at least one user. */
    public static Users load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, byte[]> passwords = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            passwords.put(name, properties.getProperty(name).getBytes(StandardCharsets.UTF_8));
        }
        if (passwords.isEmpty()) {
            throw new IOException("The users file " + file + " names no user.");
        }
        return new Users(passwords);
    }

    /** For tests: users and their passwords. */
    public static Users of(Map<String, String> users) {
        Map<String, byte[]> passwords = new TreeMap<>();
        users.forEach((u, p) -> passwords.put(u, p.getBytes(StandardCharsets.UTF_8)));
        return new Users(passwords);
    }

    /** What an {@code Authorization} header proves. */
    enum Verdict {
        MISSING,
        WRONG,
        ACCEPTED
    }

    /** A verdict, and the user it accepted. */
    record Check(Verdict verdict, Optional<String> user) {
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
        String user = decoded.substring(0, colon);
        byte[] expected = passwords.get(user);
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        // Compare even for an unknown user, so timing does not tell which names exist.
        boolean same =
                MessageDigest.isEqual(
                        Optional.ofNullable(expected).orElse(new byte[given.length + 1]), given);
        return expected != null && same
                ? new Check(Verdict.ACCEPTED, Optional.of(user))
                : Check.WRONG;
    }
}
