package dev.weir.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Caller;
import dev.weir.engine.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsersTest {
    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private final Users users =
            Users.withRoles(
                    Map.of(
                            "ann", Map.entry(Role.ADMIN, "s3cret"),
                            "rob", Map.entry(Role.READER, "pa:ss wörd")));

    @Test
    void theRightPasswordGivesTheUserAndTheirRole() {
        Users.Check ann = users.check(basic("ann", "s3cret"));
        assertThat(ann.verdict()).isEqualTo(Users.Verdict.ACCEPTED);
        assertThat(ann.caller()).contains(Caller.of("ann", Role.ADMIN));
        // A colon in the password is the password's: the first one ends the user.
        Users.Check rob = users.check(basic("rob", "pa:ss wörd"));
        assertThat(rob.caller()).contains(Caller.of("rob", Role.READER));
    }

    @Test
    void wrongOrMissingCredentialsAreRefused() {
        assertThat(users.check(basic("ann", "S3cret"))).isEqualTo(Users.Check.WRONG);
        assertThat(users.check(basic("nobody", "s3cret"))).isEqualTo(Users.Check.WRONG);
        assertThat(users.check(basic("rob", "s3cret"))).isEqualTo(Users.Check.WRONG);
        assertThat(users.check("Bearer abc")).isEqualTo(Users.Check.WRONG);
        assertThat(users.check("Basic !!!")).isEqualTo(Users.Check.WRONG);
        assertThat(users.check("Basic " + Base64.getEncoder().encodeToString("ann".getBytes())))
                .isEqualTo(Users.Check.WRONG);
        assertThat(users.check(null)).isEqualTo(Users.Check.MISSING);
        assertThat(users.check(" ")).isEqualTo(Users.Check.MISSING);
    }

    @Test
    void aVerifiedLoginIsRememberedAndAWrongOneIsNot() {
        assertThat(users.check(basic("ann", "wrong")).verdict()).isEqualTo(Users.Verdict.WRONG);
        assertThat(users.verifiedLogins()).isZero();
        users.check(basic("ann", "s3cret"));
        users.check(basic("ann", "s3cret"));
        assertThat(users.verifiedLogins()).isEqualTo(1);
        users.check(basic("rob", "pa:ss wörd"));
        assertThat(users.verifiedLogins()).isEqualTo(2);
        // Remembered: the same answer, and a wrong password is still wrong.
        assertThat(users.check(basic("ann", "s3cret")).caller())
                .isEqualTo(Optional.of(Caller.of("ann", Role.ADMIN)));
        assertThat(users.check(basic("ann", "s3cret!")).verdict()).isEqualTo(Users.Verdict.WRONG);
    }
}
