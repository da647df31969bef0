package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A string's NUL bytes, escaped to two bytes each, fit whatever room the buffer has left. */
class BytesOutTest {
    @Test
    void escapedNulsFitABufferWithExactlyTheUnescapedRoomLeft() {
        for (String s : new String[] {"\0", "\0a", "a\0\0\0", "\u00e9\0"}) {
            for (int written = 0; written < 8; written++) {
                BytesOut out = new BytesOut(8);
                for (int i = 0; i < written; i++) {
                    out.writeByte(7);
                }
                out.writeTerminatedUtf8(s);
                byte[] bytes = out.toByteArray();
                BytesIn in = new BytesIn(bytes);
                for (int i = 0; i < written; i++) {
                    assertThat(in.readByte()).isEqualTo(7);
                }
                assertThat(in.readTerminatedUtf8()).isEqualTo(s);
            }
        }
    }

    @Test
    void aNulIsWrittenAsZeroFfAndTheEndAsTwoZeros() {
        BytesOut out = new BytesOut(1);
        out.writeTerminatedUtf8("a\0");
        assertThat(out.toByteArray())
                .containsExactly((byte) 'a', (byte) 0, (byte) 0xFF, (byte) 0, (byte) 0);
    }
}
