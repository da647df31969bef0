package dev.weir.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.engine.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    @TempDir Path dir;

    private Path file(String... lines) throws Exception {
        Path file = dir.resolve("users.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private String hash(String password) {
        return PasswordHash.of(password, 1_000).encoded();
    }

    @Test
    void usersWithRolesAndHashesCommentsAndBlankLines() throws Exception {
        Path file =
                file(
                        "# Weir's users",
                        "",
                        "ann = admin " + hash("a"),
                        "  bob=reader   " + hash("b") + "  ",
                        "! also a comment",
                        "carl.w@example-1 = WRITER " + hash("c"));
        Map<String, UsersFile.Entry> users = UsersFile.read(file);
        assertThat(users.keySet()).containsExactly("ann", "bob", "carl.w@example-1");
        assertThat(users.get("ann").role()).isEqualTo(Role.ADMIN);
        assertThat(users.get("bob").role()).isEqualTo(Role.READER);
        assertThat(users.get("carl.w@example-1").role()).isEqualTo(Role.WRITER);
        assertThat(users.get("bob").hash().matches("b")).isTrue();
    }

    @Test
    void aPlainTextPasswordIsRefusedNamingTheLineAndTheCommandButNotThePassword() throws Exception {
        Path file = file("# old", "ann = admin " + hash("a"), "bob = s3cret");
        assertThatThrownBy(() -> UsersFile.read(file))
                .isInstanceOf(UsersFile.Invalid.class)
                .hasMessage(
                        "The users file "
                                + file
                                + ", line 3: the password of user 'bob' is in plain text, and Weir"
                                + " keeps only hashes of passwords: bin/weir passwd FILE bob"
                                + " [admin|writer|reader] stores a hash of a password in its"
                                + " place.")
                .message()
                .doesNotContain("s3cret");
        // The old format's role-less line with a password that has spaces is plain text too.
        assertThatThrownBy(() -> UsersFile.read(file("ann = my pass phrase")))
                .hasMessageContaining("line 1: the password of user 'ann' is in plain text");
    }

    @Test
    void wrongLinesSayWhatIsWrong() throws Exception {
        String h = hash("x");
        assertThatThrownBy(() -> UsersFile.read(file("ann " + h)))
                .hasMessageEndingWith("line 1: a user's line is NAME = ROLE pbkdf2-sha256$...");
        assertThatThrownBy(() -> UsersFile.read(file("an n = admin " + h)))
                .hasMessageEndingWith(
                        "line 1: a user's name is letters, digits, '.', '_', '@' and '-', and not"
                                + " empty.");
        assertThatThrownBy(() -> UsersFile.read(file("ann = " + h)))
                .hasMessageEndingWith(
                        "line 1: user 'ann' needs a role before the hash (admin, writer or"
                                + " reader): bin/weir passwd FILE ann [admin|writer|reader] stores"
                                + " a hash of a password in its place.");
        assertThatThrownBy(() -> UsersFile.read(file("ann = root " + h)))
                .hasMessageEndingWith(
                        "line 1: 'root' is not a role; user 'ann' is admin, writer or reader.");
        assertThatThrownBy(() -> UsersFile.read(file("ann = admin pbkdf2-sha256$10$AAAAAA$AAAA")))
                .hasMessageEndingWith(
                        "line 1: user 'ann': the hash has 10 iterations, fewer than the 1000 Weir"
                                + " accepts; bin/weir passwd FILE ann [admin|writer|reader] stores"
                                + " a hash of a password in its place.");
        assertThatThrownBy(() -> UsersFile.read(file("ann = admin " + h, "", "ann = reader " + h)))
                .hasMessageEndingWith(
                        "line 3: user 'ann' is named again (first on line 1); keep one line per"
                                + " user.");
        Path empty = file("# nobody");
        assertThatThrownBy(() -> UsersFile.read(empty))
                .hasMessage(
                        "The users file "
                                + empty
                                + " names no user; add one with: bin/weir passwd "
                                + empty
                                + " NAME admin");
    }

    @Test
    void setPasswordAddsAUserThenReplacesTheirLineKeepingTheOthers() throws Exception {
        Path file = dir.resolve("new-users");
        assertThat(UsersFile.setPassword(file, "ann", Optional.of(Role.ADMIN), "one", 1_000))
                .isEqualTo(Role.ADMIN);
        // A new user without a role is a reader.
        assertThat(UsersFile.setPassword(file, "bob", Optional.empty(), "two", 1_000))
                .isEqualTo(Role.READER);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("# Weir's users");
        assertThat(lines.get(2)).startsWith("ann = admin pbkdf2-sha256$1000$");
        assertThat(lines.get(3)).startsWith("bob = reader pbkdf2-sha256$1000$");
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // A new password for ann keeps her role and her place; bob's line is untouched.
        assertThat(UsersFile.setPassword(file, "ann", Optional.empty(), "three", 1_000))
                .isEqualTo(Role.ADMIN);
        List<String> after = Files.readAllLines(file);
        assertThat(after).hasSize(4);
        assertThat(after.get(3)).isEqualTo(lines.get(3));
        assertThat(after.get(2)).startsWith("ann = admin ").isNotEqualTo(lines.get(2));
        Map<String, UsersFile.Entry> users = UsersFile.read(file);
        assertThat(users.get("ann").hash().matches("three")).isTrue();
        assertThat(users.get("ann").hash().matches("one")).isFalse();

        // A role named changes it.
        UsersFile.setPassword(file, "bob", Optional.of(Role.WRITER), "two", 1_000);
        assertThat(UsersFile.read(file).get("bob").role()).isEqualTo(Role.WRITER);
    }

    @Test
    void setPasswordReplacesAPlainTextLineInPlace() throws Exception {
        Path file = file("# mine", "ann = s3cret", "bob=hunter2");
        UsersFile.setPassword(file, "ann", Optional.of(Role.ADMIN), "new", 1_000);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("# mine");
        assertThat(lines.get(1)).startsWith("ann = admin pbkdf2-sha256$");
        assertThat(lines.get(2)).isEqualTo("bob=hunter2");
        assertThatThrownBy(() -> UsersFile.read(file))
                .hasMessageContaining("line 3: the password of user 'bob' is in plain text");
        assertThatThrownBy(() -> UsersFile.setPassword(file, "b ob", Optional.empty(), "x", 1_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
