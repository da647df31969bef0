package dev.weir.executor.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One CSV record, from its bytes, into the values of its columns. */
class CsvDecoderTest {
    private static final SourceSchema SCHEMA =
            SourceSchema.of(
                    List.of("id", "name", "price", "ts"),
                    List.of(
                            ValueType.BIGINT,
                            ValueType.VARCHAR,
                            ValueType.DECIMAL,
                            ValueType.TIMESTAMP));

    private static Object[] decode(String record) {
        byte[] b = ("\n" + record + "\n").getBytes(StandardCharsets.UTF_8);
        Object[] fromBytes = new CsvDecoder(SCHEMA).decode(b, 1, b.length - 1);
        // The String form (a Kafka record's value) decodes the same.
        assertThat(new CsvDecoder(SCHEMA).decode(record)).containsExactly(fromBytes);
        return fromBytes;
    }

    private static void assertMalformed(String record, String message) {
        byte[] b = record.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new CsvDecoder(SCHEMA).decode(b, 0, b.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void fieldsInColumnOrder() {
        assertThat(decode("7,plain,12.50,2015-07-15 00:00:09.526"))
                .containsExactly(7L, "plain", new BigDecimal("12.50"), 1436918409526L);
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineEnds() {
        assertThat(decode("1,\"with, comma and \"\"quotes\"\"\",\"2\",\"1970-01-01 00:00:00\""))
                .containsExactly(1L, "with, comma and \"quotes\"", new BigDecimal("2"), 0L);
        assertThat(decode("2,\"two\r\nlines\",,1970-01-01 00:00:00"))
                .containsExactly(2L, "two\r\nlines", null, 0L);
        assertThat(decode("3,\"\"\"\",0,1970-01-01 00:00:00"))
                .containsExactly(3L, "\"", new BigDecimal("0"), 0L);
        assertThat(decode("4,\"na\u00efve \u20ac\",0,1970-01-01 00:00:00"))
                .containsExactly(4L, "na\u00efve \u20ac", new BigDecimal("0"), 0L);
    }

    @Test
    void anEmptyUnquotedFieldIsNullAndAnEmptyQuotedOneIsEmptyText() {
        assertThat(decode(",,,")).containsExactly(null, null, null, null);
        assertThat(decode(",\"\",,")).containsExactly(null, "", null, null);
        assertMalformed("\"\",,,", "column 'id': '' is not a valid BIGINT");
    }

    @Test
    void otherScriptsDigitsAndUnicodeSpacesReadAsJavaReadsThem() {
        assertThat(decode("\u0664\u0662,x,\u30001.5\u3000,"))
                .containsExactly(42L, "x", new BigDecimal("1.5"), null);
        assertMalformed("1,x,\u0661.5,", "column 'price': '\u0661.5' is not a valid DECIMAL");
    }

    @Test
    void badQuotingIsReportedBeforeAnythingElse() {
        assertMalformed("x,a\"b,1,", "a quote inside an unquoted field");
        assertMalformed("x,\"a\"b,1,", "text after a closing quote");
        assertMalformed("x,\"never closed,1,", "a quoted field is not closed");
        assertMalformed("x,y,z,w,\"a\"b", "text after a closing quote");
    }

    @Test
    void thenTheNumberOfFieldsThenTheFirstBadValue() {
        assertMalformed("x,a,1", "expected 4 fields, found 3");
        assertMalformed("x,a,1,,extra,", "expected 4 fields, found 6");
        assertMalformed("", "expected 4 fields, found 1");
        assertMalformed("x,a,y,2023-02-29 00:00:00", "column 'id': 'x' is not a valid BIGINT");
        assertMalformed(
                "1,a,1,2023-02-29 00:00:00",
                "column 'ts': '2023-02-29 00:00:00' is not a valid TIMESTAMP");
    }

    @Test
    void aDecimalKeepsEveryDigitWritten() {
        // A source's columns carry no declared scale (the plan's fields have none): 12.345 stays
        // 12.345, as before; rounding or refusing it needs the scale here first.
        assertThat(decode("1,a,12.345,")).containsExactly(1L, "a", new BigDecimal("12.345"), null);
    }

    @Test
    void aLongQuotedFieldGrowsTheBuffer() {
        String name = "x\"".repeat(1000);
        assertThat(decode("1,\"" + name.replace("\"", "\"\"") + "\",1,"))
                .containsExactly(1L, name, new BigDecimal("1"), null);
    }
}
