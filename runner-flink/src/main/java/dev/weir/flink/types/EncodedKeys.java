package dev.weir.flink.types;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.state.RowCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Weir's encoded keys as Flink sees them: the bytes of the key's {@link RowCodec} encoding, one
 * Latin-1 character per byte. Such a String holds exactly those bytes (Java stores Latin-1 strings
 * as bytes), Flink hashes, serializes and compares Strings natively, and {@link String#compareTo}
 * orders them as unsigned bytes: the order of Weir's keys. Used for the keys a stream is
 * partitioned by and for the map keys of state.
 */
public final class EncodedKeys {
    private EncodedKeys() {}

    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The partition key of a row: the encoding of its {@code fields}. */
    public static String ofFields(Row row, int[] fields) {
        return of(RowCodec.INSTANCE.toBytes(row.project(fields)));
    }

    /**
     * Partitions changes by the given fields; with none, every change has the same key (the whole
     * stream on one parallel instance).
     */
    public static KeySelector<Change, String> selector(List<Integer> fields) {
        int[] at = fields.stream().mapToInt(Integer::intValue).toArray();
        return new FieldsKey(at);
    }

    private record FieldsKey(int[] fields) implements KeySelector<Change, String> {
        @Override
        public String getKey(Change change) {
            return fields.length == 0 ? "" : ofFields(change.row(), fields);
        }
    }
}
