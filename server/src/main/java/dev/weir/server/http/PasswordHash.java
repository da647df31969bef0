package dev.weir.server.http;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password as the users file keeps it: PBKDF2-HMAC-SHA256 of the password with a random salt, in
 * a self-describing text, {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64), so
 * that a file can hold hashes of different strengths and a stronger default needs no migration.
 */
final class PasswordHash {
    static final String SCHEME = "pbkdf2-sha256";

    /** New hashes' iterations: OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
    static final int DEFAULT_ITERATIONS = 600_000;

    /** Fewer iterations than this would barely slow a guesser down; such a hash is refused. */
    static final int MIN_ITERATIONS = 1_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new hash of {@code password}, with a fresh random salt. */
    static PasswordHash of(String password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "at least " + MIN_ITERATIONS + " iterations, not " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /**
     * Reads {@code text}, as {@link #encoded} writes it.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never repeating it: it might
     *     be a password)
     */
    static PasswordHash parse(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException(
                    "a password hash is " + SCHEME + "$ITERATIONS$SALT$HASH");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the hash's iterations are not a number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "the hash has "
                            + iterations
                            + " iterations, fewer than the "
                            + MIN_ITERATIONS
                            + " Weir accepts");
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the hash's salt or hash is not Base64");
        }
        if (salt.length < 4 || hash.length < 16) {
            throw new IllegalArgumentException("the hash's salt or hash is too short");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}. */
    String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME
                + "$"
                + iterations
                + "$"
                + base64.encodeToString(salt)
                + "$"
                + base64.encodeToString(hash);
    }

    int iterations() {
        return iterations;
    }

    /** Whether {@code password} is the one hashed; compared in constant time. */
    boolean matches(String password) {
        return MessageDigest.isEqual(derive(password, salt, iterations, hash.length), hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations, int bytes) {
        // PBEKeySpec takes chars; the JDK's PBKDF2 hashes them as UTF-8.
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime has PBKDF2WithHmacSHA256.
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    /**
     * Takes the time a check of a hash of {@code iterations} takes, and fails: for a user who does
     * not exist, so that timing does not tell which names do.
     */
    static boolean matchesNothing(String password, int iterations) {
        derive(password, new byte[SALT_BYTES], iterations, HASH_BYTES);
        return false;
    }
}
