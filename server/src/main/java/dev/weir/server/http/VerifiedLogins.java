package dev.weir.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins whose password was verified lately, so that the many requests of one session pay PBKDF2
 * once every few minutes rather than each. Kept by an HMAC of user and password under a key drawn
 * at random for this process (never the password, nor a plain hash of it that a heap dump would
 * hand to a guesser), for {@link #TTL_NANOS} at most, and {@link #CAPACITY} logins at most (the
 * least recently used go first).
 */
final class VerifiedLogins {
    static final int CAPACITY = 1_024;
    static final long TTL_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final SecretKeySpec key;
    private final LongSupplier clock;
    private final Map<ByteBuffer, Long> expiries =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
                    return size() > CAPACITY;
                }
            };

    VerifiedLogins() {
        this(System::nanoTime);
    }

    VerifiedLogins(LongSupplier clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.clock = clock;
    }

    /** Whether {@code user} logged in with {@code password} lately. */
    boolean contains(String user, String password) {
        ByteBuffer login = digest(user, password);
        synchronized (expiries) {
            Long expiry = expiries.get(login);
            if (expiry == null) {
                return false;
            }
            if (clock.getAsLong() - expiry >= 0) {
                expiries.remove(login);
                return false;
            }
            return true;
        }
    }

    /** Remembers that {@code password} is {@code user}'s, for {@link #TTL_NANOS}. */
    void add(String user, String password) {
        ByteBuffer login = digest(user, password);
        synchronized (expiries) {
            expiries.put(login, clock.getAsLong() + TTL_NANOS);
        }
    }

    int size() {
        synchronized (expiries) {
            return expiries.size();
        }
    }

    private ByteBuffer digest(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // The user's length first: ("ab", "c") and ("a", "bc") are different logins.
            byte[] name = user.getBytes(StandardCharsets.UTF_8);
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime has HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
