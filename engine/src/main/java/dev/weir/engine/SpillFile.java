package dev.weir.engine;

import dev.weir.common.row.Row;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sorted run of rows spilled to a temporary file, each with its arrival number. Values are
 * written exactly (a double by its bits, a string by its UTF-16 units, a decimal by its unscaled
 * value and scale), so a row read back equals the row written: the merge must not change a -0.0, a
 * NaN or an unpaired surrogate.
 */
final class SpillFile {
    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int BYTE = 2;
    private static final int SHORT = 3;
    private static final int INT = 4;
    private static final int LONG = 5;
    private static final int FLOAT = 6;
    private static final int DOUBLE = 7;
    private static final int DECIMAL = 8;
    private static final int STRING = 9;

    private static final int BUFFER = 64 << 10;

    private SpillFile() {}

    /** Writes rows with their arrival numbers to a new file. */
    static final class Writer implements AutoCloseable {
        private final DataOutputStream out;

        Writer(Path file) throws IOException {
            out =
                    new DataOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
        }

        void write(Row row, long sequence) throws IOException {
            out.writeLong(sequence);
            out.writeInt(row.arity());
            for (int i = 0; i < row.arity(); i++) {
                writeValue(row.get(i));
            }
        }

        private void writeValue(Object value) throws IOException {
            if (value == null) {
                out.writeByte(NULL);
            } else if (value instanceof Boolean b) {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            } else if (value instanceof Byte b) {
                out.writeByte(BYTE);
                out.writeByte(b);
            } else if (value instanceof Short s) {
                out.writeByte(SHORT);
                out.writeShort(s);
            } else if (value instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (value instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (value instanceof Float f) {
                out.writeByte(FLOAT);
                out.writeInt(Float.floatToRawIntBits(f));
            } else if (value instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeLong(Double.doubleToRawLongBits(d));
            } else if (value instanceof BigDecimal d) {
                out.writeByte(DECIMAL);
                byte[] unscaled = d.unscaledValue().toByteArray();
                out.writeInt(d.scale());
                out.writeInt(unscaled.length);
                out.write(unscaled);
            } else if (value instanceof String s) {
                out.writeByte(STRING);
                out.writeInt(s.length());
                out.writeChars(s);
            } else {
                throw new IllegalArgumentException(
                        "no spill encoding for values of " + value.getClass().getName());
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads back what a {@link Writer} wrote, a row at a time. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private final Path file;

        Reader(Path file) throws IOException {
            this.file = file;
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
        }

        /** The next row and its arrival number, or null at the end. */
        TableRealizationSink.Arrived next() {
            try {
                long sequence;
                try {
                    sequence = in.readLong();
                } catch (EOFException end) {
                    return null;
                }
                Object[] values = new Object[in.readInt()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = readValue();
                }
                return new TableRealizationSink.Arrived(Row.wrap(values), sequence);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the sort run '" + file + "'.", e);
            }
        }

        private Object readValue() throws IOException {
            int tag = in.readByte();
            return switch (tag) {
                case NULL -> null;
                case BOOLEAN -> in.readBoolean();
                case BYTE -> in.readByte();
                case SHORT -> in.readShort();
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case FLOAT -> Float.intBitsToFloat(in.readInt());
                case DOUBLE -> Double.longBitsToDouble(in.readLong());
                case DECIMAL -> {
                    int scale = in.readInt();
                    byte[] unscaled = new byte[in.readInt()];
                    in.readFully(unscaled);
                    yield new BigDecimal(new BigInteger(unscaled), scale);
                }
                case STRING -> {
                    char[] chars = new char[in.readInt()];
                    for (int i = 0; i < chars.length; i++) {
                        chars[i] = in.readChar();
                    }
                    yield new String(chars);
                }
                default -> throw new IOException("unknown value tag " + tag);
            };
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
