package dev.weir.executor.state;

import dev.weir.common.row.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The codec for rows, used for keys and values alike. Each field is a one-byte type tag and a
 * self-delimiting encoding, with no field count in front: so a row's encoding is a prefix of the
 * encoding of any row that extends it, and a prefix scan with a shorter row finds them all.
 *
 * <p>Order: NULL sorts first; integers, floating-point numbers, strings and booleans sort by value
 * within their type. Floating-point numbers sort as {@link Double#compare} does, NaN last, except
 * that -0.0 is written (and read back) as 0.0 and every NaN as one: keys that SQL takes as equal
 * have equal bytes. (A -0.0 kept in state therefore comes back as 0.0, which compares equal.)
 * Strings sort by code point, which is UTF-8 byte order; {@link String#compareTo} sorts by UTF-16
 * unit and differs for supplementary characters against U+E000..U+FFFF. DECIMAL values are encoded
 * by unscaled value and scale and are not ordered (equal only if equal in scale too); no range scan
 * needs them ordered. Values of different types in one field are not ordered.
 *
 * <p>A string with an unpaired surrogate does not round-trip: UTF-8 cannot hold it, and it comes
 * back with '?' in its place.
 */
public final class RowCodec implements Codec<Row> {
    public static final RowCodec INSTANCE = new RowCodec();

    private static final int NULL = 0x00;
    private static final int FALSE = 0x01;
    private static final int TRUE = 0x02;
    private static final int BYTE = 0x10;
    private static final int SHORT = 0x11;
    private static final int INT = 0x12;
    private static final int LONG = 0x13;
    private static final int FLOAT = 0x20;
    private static final int DOUBLE = 0x21;
    private static final int DECIMAL = 0x30;
    private static final int STRING = 0x40;

    private RowCodec() {}

    @Override
    public void encode(Row row, BytesOut out) {
        for (int i = 0; i < row.arity(); i++) {
            encodeField(row.get(i), out);
        }
    }

    @Override
    public Row decode(BytesIn in) {
        Object[] values = new Object[8];
        int count = 0;
        while (in.hasRemaining()) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = decodeField(in);
        }
        return Row.wrap(count == values.length ? values : Arrays.copyOf(values, count));
    }

    static void encodeField(Object value, BytesOut out) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLongBigEndian(l ^ Long.MIN_VALUE);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeIntBigEndian(i ^ Integer.MIN_VALUE);
        } else if (value instanceof Short s) {
            out.writeByte(SHORT);
            int v = (s ^ Short.MIN_VALUE) & 0xFFFF;
            out.writeByte(v >>> 8);
            out.writeByte(v);
        } else if (value instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte((b ^ Byte.MIN_VALUE) & 0xFF);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            // -0.0 is written as 0.0, and every NaN as one NaN (doubleToLongBits): SQL groups,
            // joins and dedups them as one value, and a key's bytes are what state compares.
            long bits = Double.doubleToLongBits(d == 0.0d ? 0.0d : d);
            out.writeLongBigEndian(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
        } else if (value instanceof Float f) {
            out.writeByte(FLOAT);
            int bits = Float.floatToIntBits(f == 0.0f ? 0.0f : f);
            out.writeIntBigEndian(bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE);
        } else if (value instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            byte[] unscaled = d.unscaledValue().toByteArray();
            out.writeVarInt(d.scale() + 32768);
            out.writeVarInt(unscaled.length);
            out.writeBytes(unscaled);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            // 0x00 inside the string becomes 0x00 0xFF; the string ends with 0x00 0x00. Both keep
            // byte order equal to the order of the UTF-8 bytes, and the end is unambiguous.
            out.writeTerminatedUtf8(s);
        } else {
            throw new IllegalArgumentException(
                    "no encoding for values of " + value.getClass().getName());
        }
    }

    static Object decodeField(BytesIn in) {
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case LONG:
                return in.readLongBigEndian() ^ Long.MIN_VALUE;
            case INT:
                return in.readIntBigEndian() ^ Integer.MIN_VALUE;
            case SHORT:
                return (short) (((in.readByte() << 8) | in.readByte()) ^ Short.MIN_VALUE);
            case BYTE:
                return (byte) (in.readByte() ^ Byte.MIN_VALUE);
            case DOUBLE:
                {
                    long bits = in.readLongBigEndian();
                    return Double.longBitsToDouble(bits < 0 ? bits ^ Long.MIN_VALUE : ~bits);
                }
            case FLOAT:
                {
                    int bits = in.readIntBigEndian();
                    return Float.intBitsToFloat(bits < 0 ? bits ^ Integer.MIN_VALUE : ~bits);
                }
            case DECIMAL:
                {
                    int scale = in.readVarInt() - 32768;
                    byte[] unscaled = in.readBytes(in.readVarInt());
                    return new BigDecimal(new BigInteger(unscaled), scale);
                }
            case STRING:
                return in.readTerminatedUtf8();
            default:
                throw new IllegalStateException("corrupt state: unknown field tag " + tag);
        }
    }
}
