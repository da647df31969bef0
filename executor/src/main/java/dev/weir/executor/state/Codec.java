package dev.weir.executor.state;

/**
 * Encodes values of one type to bytes and back. A codec used for keys must be order-preserving
 * (unsigned lexicographic order of encodings is the values' order) and self-delimiting, so that a
 * key's encoding is a prefix of every longer key that starts with it.
 */
public interface Codec<T> {
    void encode(T value, BytesOut out);

    T decode(BytesIn in);

    default byte[] toBytes(T value) {
        BytesOut out = new BytesOut();
        encode(value, out);
        return out.toByteArray();
    }

    default T fromBytes(byte[] bytes) {
        return decode(new BytesIn(bytes));
    }
}
