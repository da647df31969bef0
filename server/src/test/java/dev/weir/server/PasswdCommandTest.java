package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswdCommandTest {
    @TempDir Path dir;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private int passwd(String stdin, String... args) {
        return PasswdCommand.run(
                List.of(args),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
    }

    private String said() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesAHashOfThePasswordReadFromStandardInput() throws Exception {
        Path file = dir.resolve("users.properties");
        assertThat(passwd("s3cret\n", file.toString(), "ann", "admin")).isZero();
        assertThat(said())
                .isEqualTo(
                        "weir: user 'ann' (role admin) written to "
                                + file
                                + "; restart the server to use it.\n");
        String line = Files.readAllLines(file).get(2);
        assertThat(line).startsWith("ann = admin pbkdf2-sha256$600000$").doesNotContain("s3cret");
        // The server reads it: a role and a hash on every line (it throws otherwise).
        dev.weir.server.http.Users.load(file);
    }

    @Test
    void refusesWhatItCannotWrite() throws Exception {
        Path file = dir.resolve("users.properties");
        assertThat(passwd("x\n", file.toString(), "ann", "root")).isEqualTo(2);
        assertThat(said()).isEqualTo("weir: 'root' is not a role: admin, writer or reader.\n");
        errors.reset();
        assertThat(passwd("x\n", file.toString(), "a b")).isEqualTo(2);
        assertThat(said())
                .isEqualTo(
                        "weir: 'a b' cannot be a user's name: letters, digits, '.', '_', '@' and"
                                + " '-' only.\n");
        errors.reset();
        assertThat(passwd("\n", file.toString(), "ann")).isEqualTo(1);
        assertThat(said()).isEqualTo("weir: no password given; nothing written.\n");
        errors.reset();
        assertThat(passwd("", file.toString())).isEqualTo(2);
        assertThat(said()).startsWith("usage: weir passwd FILE USER [admin|writer|reader]\n");
        assertThat(Files.exists(file)).isFalse();
    }
}
