package dev.weir.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedLoginsTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedLogins logins = new VerifiedLogins(now::get);

    @Test
    void aLoginIsRememberedForItsUserAndPasswordOnly() {
        logins.add("ann", "s3cret");
        assertThat(logins.contains("ann", "s3cret")).isTrue();
        assertThat(logins.contains("ann", "s3cret ")).isFalse();
        assertThat(logins.contains("bob", "s3cret")).isFalse();
        // The user's length is part of the key: ("an", "ns3cret") is another login.
        assertThat(logins.contains("an", "ns3cret")).isFalse();
    }

    @Test
    void aLoginIsForgottenAfterItsTime() {
        logins.add("ann", "s3cret");
        now.addAndGet(VerifiedLogins.TTL_NANOS - 1);
        assertThat(logins.contains("ann", "s3cret")).isTrue();
        now.addAndGet(1);
        assertThat(logins.contains("ann", "s3cret")).isFalse();
        assertThat(logins.size()).isZero();
        // Verified again: remembered again, from then.
        logins.add("ann", "s3cret");
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        assertThat(logins.contains("ann", "s3cret")).isTrue();
    }

    @Test
    void atMostItsCapacityTheLeastRecentlyUsedGoFirst() {
        logins.add("first", "p");
        for (int i = 0; i < VerifiedLogins.CAPACITY - 1; i++) {
            logins.add("user" + i, "p");
        }
        assertThat(logins.size()).isEqualTo(VerifiedLogins.CAPACITY);
        assertThat(logins.contains("first", "p")).isTrue(); // used: now the most recent
        logins.add("one-more", "p");
        assertThat(logins.size()).isEqualTo(VerifiedLogins.CAPACITY);
        assertThat(logins.contains("first", "p")).isTrue();
        assertThat(logins.contains("user0", "p")).isFalse();
        assertThat(logins.contains("one-more", "p")).isTrue();
    }
}
