package dev.weir.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void aHashNamesItsSchemeIterationsSaltAndHashAndReadsBack() {
        PasswordHash hash = PasswordHash.of("s3cret", 1_000);
        String text = hash.encoded();
        assertThat(text).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        PasswordHash read = PasswordHash.parse(text);
        assertThat(read.iterations()).isEqualTo(1_000);
        assertThat(read.encoded()).isEqualTo(text);
        assertThat(read.matches("s3cret")).isTrue();
        assertThat(read.matches("s3cret ")).isFalse();
        assertThat(read.matches("")).isFalse();
    }

    @Test
    void eachHashHasItsOwnSalt() {
        PasswordHash a = PasswordHash.of("same", 1_000);
        PasswordHash b = PasswordHash.of("same", 1_000);
        assertThat(a.encoded()).isNotEqualTo(b.encoded());
        assertThat(a.matches("same")).isTrue();
        assertThat(b.matches("same")).isTrue();
    }

    @Test
    void aKnownVectorOfPbkdf2HmacSha256() {
        // PBKDF2-HMAC-SHA256 of "password" with the salt "salt", 4,096 iterations, 32 bytes: the
        // vector other implementations publish.
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        byte[] expected =
                java.util.HexFormat.of()
                        .parseHex(
                                "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
        PasswordHash vector =
                PasswordHash.parse(
                        "pbkdf2-sha256$4096$"
                                + base64.encodeToString("salt".getBytes())
                                + "$"
                                + base64.encodeToString(expected));
        assertThat(vector.matches("password")).isTrue();
        assertThat(vector.matches("Password")).isFalse();
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        PasswordHash hash = PasswordHash.of("şifre-ğüı", 1_000);
        assertThat(PasswordHash.parse(hash.encoded()).matches("şifre-ğüı")).isTrue();
        assertThat(hash.matches("sifre-gui")).isFalse();
    }

    @Test
    void malformedHashesAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> PasswordHash.parse("s3cret"))
                .hasMessage("a password hash is pbkdf2-sha256$ITERATIONS$SALT$HASH");
        assertThatThrownBy(() -> PasswordHash.parse("bcrypt$10$abc$def"))
                .hasMessage("a password hash is pbkdf2-sha256$ITERATIONS$SALT$HASH");
        assertThatThrownBy(
                        () ->
                                PasswordHash.parse(
                                        "pbkdf2-sha256$many$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .hasMessage("the hash's iterations are not a number");
        assertThatThrownBy(
                        () ->
                                PasswordHash.parse(
                                        "pbkdf2-sha256$999$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .hasMessage("the hash has 999 iterations, fewer than the 1000 Weir accepts");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$!!$AAAAAAAAAAAAAAAAAAAAAA"))
                .hasMessage("the hash's salt or hash is not Base64");
        assertThatThrownBy(
                        () -> PasswordHash.parse("pbkdf2-sha256$1000$AAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .hasMessage("the hash's salt or hash is too short");
        assertThatThrownBy(() -> PasswordHash.of("x", 10))
                .hasMessage("at least 1000 iterations, not 10");
    }
}
