package dev.weir.executor.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Field text to values, as the byte-level parsers read it: exact values and exact refusals. */
class TextValuesTest {
    private static Object parse(String text, ValueType type) {
        byte[] b = ("|" + text + "|").getBytes(StandardCharsets.UTF_8);
        Object fromBytes =
                TextValues.parse(b, 1, b.length - 1, new SourceSchema.Column("c", type, true));
        // The same text as a String (a JSON value) gives the same value.
        assertThat(TextValues.parse(text, type)).isEqualTo(fromBytes);
        return fromBytes;
    }

    private static void assertRefused(String text, ValueType type, String message) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(
                        () ->
                                TextValues.parse(
                                        b, 0, b.length, new SourceSchema.Column("c", type, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'c': " + message);
        assertThatThrownBy(() -> TextValues.parse(text, type))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1970-01-01 00:00:00|0",
                "1970-01-01 00:00:00.001|1",
                "1969-12-31 23:59:59.999|-1",
                "1969-12-31 23:59:59|-1000",
                "2015-07-15 00:00:09.526|1436918409526",
                "2026-01-01T08:00:01.250|1767254401250",
                "2026-01-01 08:00:04.5|1767254404500",
                "2026-01-01 08:00:04.05|1767254404050",
                "2026-01-01 08:00:04.123456789|1767254404123",
                "2026-01-01 08:00:04.999999999|1767254404999",
                "2024-02-29 23:59:59.999|1709251199999",
                "2000-02-29 00:00:00|951782400000",
                "1600-02-29 12:00:00|-11670955200000",
                "1900-03-01 00:00:00|-2203891200000",
                "1582-10-04 00:00:00|-12220243200000",
                "0000-01-01 00:00:00|-62167219200000",
                "-0001-12-31 23:59:59|-62167219201000",
                "-0004-02-29 00:00:00|-62288352000000",
                "-9999-01-01 00:00:00|-377705116800000",
                "+10000-01-01 00:00:00|253402300800000",
                "+02026-01-01 08:00:00|1767254400000",
                "+292278994-08-17 07:12:55.807|9223372036854775807",
                "-292275055-05-16 16:47:04.192|-9223372036854775808",
            })
    void timestampsAreMillisecondsSinceTheEpoch(String text, long millis) {
        assertThat(parse(text, ValueType.TIMESTAMP)).isEqualTo(millis);
    }

    @Test
    void timestampsIgnoreSurroundingWhitespaceOnly() {
        assertThat(parse(" \t2026-01-01 08:00:00\r", ValueType.TIMESTAMP))
                .isEqualTo(1767254400000L);
        assertThat(parse("\u30002026-01-01 08:00:00\u2003", ValueType.TIMESTAMP))
                .isEqualTo(1767254400000L);
        assertRefused(
                "2026-01-01  08:00:00",
                ValueType.TIMESTAMP,
                "'2026-01-01  08:00:00' is not a valid TIMESTAMP");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2023-02-29 00:00:00", // not a leap year
                "1900-02-29 00:00:00", // a century, not a leap year
                "-0001-02-29 00:00:00",
                "2026-02-30 08:00:00",
                "2026-04-31 08:00:00",
                "2026-13-01 08:00:00",
                "2026-00-10 08:00:00",
                "2026-01-00 08:00:00",
                "2026-01-01 24:00:00",
                "2026-01-01 23:60:00",
                "2026-01-01 23:59:60",
                "2026-01-01 08:00",
                "2026-01-01",
                "2026-01-01 08:00:00.",
                "2026-01-01 08:00:00.1234567891",
                "2026-01-01 08:00:00Z",
                "2026-1-01 08:00:00",
                "2026-01-01 8:00:00",
                "26-01-01 08:00:00",
                "02026-01-01 08:00:00", // five digits need a sign
                "+2026-01-01 08:00:00", // a sign needs five digits
                "-0000-01-01 00:00:00", // no year minus zero
                "+1000000000-01-01 00:00:00",
                "-0001-01-01T00:00:00", // T only right after a four-digit year
                "2026-01-01t08:00:00",
                "",
                "x",
            })
    void invalidTimestampsAreRefused(String text) {
        assertRefused(text, ValueType.TIMESTAMP, "'" + text + "' is not a valid TIMESTAMP");
    }

    @Test
    void timestampsBeyondMillisecondsSinceTheEpochAreOutOfRange() {
        assertRefused(
                "+292278994-08-17 07:12:55.808",
                ValueType.TIMESTAMP,
                "'+292278994-08-17 07:12:55.808' is out of range");
        assertRefused(
                "-292275055-05-16 16:47:04.191",
                ValueType.TIMESTAMP,
                "'-292275055-05-16 16:47:04.191' is out of range");
        assertRefused(
                "+999999999-12-31 23:59:59",
                ValueType.TIMESTAMP,
                "'+999999999-12-31 23:59:59' is out of range");
    }

    @Test
    void datesAreDaysSinceTheEpoch() {
        assertThat(parse("1970-01-01", ValueType.DATE)).isEqualTo(0);
        assertThat(parse("1969-12-31", ValueType.DATE)).isEqualTo(-1);
        assertThat(parse("2000-02-29", ValueType.DATE)).isEqualTo(11016);
        assertThat(parse("0000-03-01", ValueType.DATE)).isEqualTo(-719468);
        assertThat(parse("-0400-02-29", ValueType.DATE)).isEqualTo(-865566);
        assertThat(parse("+5881580-07-11", ValueType.DATE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(parse("-5877641-06-23", ValueType.DATE)).isEqualTo(Integer.MIN_VALUE);
        assertRefused("+5881580-07-12", ValueType.DATE, "'+5881580-07-12' is out of range");
        assertRefused("2023-02-29", ValueType.DATE, "'2023-02-29' is not a valid DATE");
        assertRefused("2023-02-28 00:00", ValueType.DATE, "'2023-02-28 00:00' is not a valid DATE");
    }

    @Test
    void everyDayOfFourHundredYearsEitherSideOfTheEpochIsTheDayJavaTimeCounts() {
        for (long day = LocalDate.of(1570, 1, 1).toEpochDay();
                day <= LocalDate.of(2370, 12, 31).toEpochDay();
                day++) {
            LocalDate date = LocalDate.ofEpochDay(day);
            assertThat(
                            DateTimeText.epochDay(
                                    date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .isEqualTo(day);
        }
        for (int year : new int[] {-999_999_999, -400, -1, 0, 1, 400, 999_999_999}) {
            for (int month = 1; month <= 12; month++) {
                LocalDate first = LocalDate.of(year, month, 1);
                assertThat(DateTimeText.epochDay(year, month, 1)).isEqualTo(first.toEpochDay());
                assertThat(DateTimeText.isLeapYear(year)).isEqualTo(first.isLeapYear());
            }
        }
    }

    @Test
    void timesAreMillisecondsSinceMidnight() {
        assertThat(parse("00:00", ValueType.TIME)).isEqualTo(0);
        assertThat(parse("08:30:15.250", ValueType.TIME)).isEqualTo(30_615_250);
        assertThat(parse("23:59:59.999999999", ValueType.TIME)).isEqualTo(86_399_999);
        // As java.time's ISO time: seconds optional, and a point may have no digits after it.
        assertThat(parse("10:15:30.", ValueType.TIME)).isEqualTo(36_930_000);
        assertRefused("24:00", ValueType.TIME, "'24:00' is not a valid TIME");
        assertRefused("10:15:", ValueType.TIME, "'10:15:' is not a valid TIME");
        assertRefused(
                "10:15:30.1234567891", ValueType.TIME, "'10:15:30.1234567891' is not a valid TIME");
    }

    @Test
    void integersAsLongParseLongReadsThem() {
        assertThat(parse("9223372036854775807", ValueType.BIGINT)).isEqualTo(Long.MAX_VALUE);
        assertThat(parse("-9223372036854775808", ValueType.BIGINT)).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("+0042", ValueType.BIGINT)).isEqualTo(42L);
        assertThat(parse("-0", ValueType.BIGINT)).isEqualTo(0L);
        assertThat(parse("-128", ValueType.TINYINT)).isEqualTo((byte) -128);
        assertThat(parse("32767", ValueType.SMALLINT)).isEqualTo((short) 32767);
        assertThat(parse(" -2147483648 ", ValueType.INTEGER)).isEqualTo(Integer.MIN_VALUE);
        // Java's parsers read other scripts' digits; so does Weir, as it always has.
        assertThat(parse("\u0661\u0662\u0663", ValueType.INTEGER)).isEqualTo(123);
        assertRefused(
                "9223372036854775808",
                ValueType.BIGINT,
                "'9223372036854775808' is not a valid BIGINT");
        assertRefused(
                "-9223372036854775809",
                ValueType.BIGINT,
                "'-9223372036854775809' is not a valid BIGINT");
        assertRefused("128", ValueType.TINYINT, "'128' is not a valid TINYINT");
        assertRefused("2147483648", ValueType.INTEGER, "'2147483648' is not a valid INTEGER");
        for (String bad : new String[] {"", "+", "-", "1.0", "1e3", "0x10", "1_000", "12a"}) {
            assertRefused(bad, ValueType.BIGINT, "'" + bad + "' is not a valid BIGINT");
        }
    }

    @Test
    void decimalsKeepTheirDigitsAndScaleAsWritten() {
        assertThat(parse("12.340", ValueType.DECIMAL)).isEqualTo(new BigDecimal("12.340"));
        assertThat(parse("-0.00", ValueType.DECIMAL)).isEqualTo(new BigDecimal("0.00"));
        assertThat(parse(".5", ValueType.DECIMAL)).isEqualTo(new BigDecimal("0.5"));
        assertThat(parse("5.", ValueType.DECIMAL)).isEqualTo(new BigDecimal("5"));
        assertThat(parse("+1.5e3", ValueType.DECIMAL)).isEqualTo(new BigDecimal("1.5E+3"));
        assertThat(parse("123456789012345678.9", ValueType.DECIMAL))
                .isEqualTo(new BigDecimal("123456789012345678.9"));
        assertThat(parse("-99999999999999999999999999.123456789", ValueType.DECIMAL))
                .isEqualTo(new BigDecimal("-99999999999999999999999999.123456789"));
        for (String bad : new String[] {"", ".", "e5", "1e", "1e+", "0x10", "NaN", "1d", "1,5"}) {
            assertRefused(bad, ValueType.DECIMAL, "'" + bad + "' is not a valid DECIMAL");
        }
        assertRefused("1e2147483648", ValueType.DECIMAL, "'1e2147483648' is not a valid DECIMAL");
    }

    @Test
    void floatingPointIsTheNearestValue() {
        assertThat(parse("-2.25e-3", ValueType.DOUBLE)).isEqualTo(-2.25e-3);
        assertThat(parse("0.1", ValueType.DOUBLE)).isEqualTo(0.1);
        assertThat(parse("-0", ValueType.DOUBLE)).isEqualTo(-0.0);
        assertThat(parse("9007199254740993", ValueType.DOUBLE)).isEqualTo(9007199254740992.0);
        assertThat(parse("4.9e-324", ValueType.DOUBLE)).isEqualTo(Double.MIN_VALUE);
        assertThat(parse("1.5", ValueType.REAL)).isEqualTo(1.5f);
        assertThat(parse("0.1", ValueType.REAL)).isEqualTo(0.1f);
        assertRefused("1e400", ValueType.DOUBLE, "'1e400' is out of range");
        assertRefused("1e39", ValueType.REAL, "'1e39' is out of range");
        assertRefused("Infinity", ValueType.DOUBLE, "'Infinity' is not a valid DOUBLE");
        assertRefused("0x1p3", ValueType.DOUBLE, "'0x1p3' is not a valid DOUBLE");
    }

    @Test
    void booleansInAnyCase() {
        assertThat(parse("TRUE", ValueType.BOOLEAN)).isEqualTo(true);
        assertThat(parse(" False ", ValueType.BOOLEAN)).isEqualTo(false);
        assertRefused("maybe", ValueType.BOOLEAN, "'maybe' is not a boolean");
        assertRefused("1", ValueType.BOOLEAN, "'1' is not a boolean");
    }

    @Test
    void textIsKeptWhole() {
        assertThat(parse(" t\u00e9xt \u20ac ", ValueType.VARCHAR)).isEqualTo(" t\u00e9xt \u20ac ");
    }

    @Test
    void aLongValueIsAbbreviatedInTheMessage() {
        assertRefused(
                "x".repeat(50),
                ValueType.BIGINT,
                "'" + "x".repeat(37) + "...' is not a valid BIGINT");
    }
}
