package dev.weir.flink.state;

import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.StateBackend;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;

/**
 * Weir's state API on Flink keyed state: each named state is a Flink map state (see {@link
 * FlinkKeyValueState}), so a hosted operator reads and writes the state of the key Flink is
 * processing. Flink owns durability: flushing is nothing, checkpoints are Flink's own.
 */
public final class KeyedStateBackend implements StateBackend {
    private final KeyedStateStore store;
    private final Map<String, MapState<String, byte[]>> maps = new HashMap<>();

    public KeyedStateBackend(KeyedStateStore store) {
        this.store = store;
    }

    @Override
    public <K, V> KeyValueState<K, V> keyValueState(
            String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        MapState<String, byte[]> map =
                maps.computeIfAbsent(
                        name,
                        n ->
                                store.getMapState(
                                        new MapStateDescriptor<>(
                                                n,
                                                StringSerializer.INSTANCE,
                                                BytePrimitiveArraySerializer.INSTANCE)));
        return new FlinkKeyValueState<>(map, keyCodec, valueCodec);
    }

    @Override
    public void flush() {}

    /** Unknown here: Flink reports the size of its state itself. */
    @Override
    public long approximateSizeBytes() {
        return 0;
    }

    @Override
    public void checkpoint(Path target) {
        throw new UnsupportedOperationException(
                "On Flink, state is checkpointed by Flink's own checkpoints.");
    }

    @Override
    public void close() {}
}
