package dev.weir.executor.state;

/** A codec that is not the row codec, to show the state API is codec-agnostic. */
final class LongTestCodec implements Codec<Long> {
    static final LongTestCodec INSTANCE = new LongTestCodec();

    @Override
    public void encode(Long value, BytesOut out) {
        out.writeLongBigEndian(value ^ Long.MIN_VALUE);
    }

    @Override
    public Long decode(BytesIn in) {
        return in.readLongBigEndian() ^ Long.MIN_VALUE;
    }
}
