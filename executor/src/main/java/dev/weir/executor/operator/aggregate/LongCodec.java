package dev.weir.executor.operator.aggregate;

import dev.weir.executor.state.BytesIn;
import dev.weir.executor.state.BytesOut;
import dev.weir.executor.state.Codec;

/** A count, as eight bytes. */
public final class LongCodec implements Codec<Long> {
    public static final LongCodec INSTANCE = new LongCodec();

    private LongCodec() {}

    @Override
    public void encode(Long value, BytesOut out) {
        out.writeLongBigEndian(value);
    }

    @Override
    public Long decode(BytesIn in) {
        return in.readLongBigEndian();
    }
}
