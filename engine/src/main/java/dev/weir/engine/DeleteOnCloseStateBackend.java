package dev.weir.engine;

import dev.weir.executor.state.Codec;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.StateBackend;
import dev.weir.executor.state.rocksdb.RocksDbStateBackend;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The RocksDB state of a continuous query, deleted with the query: nothing restores a continuous
 * query yet, so its state must not pile up in the data directory.
 */
final class DeleteOnCloseStateBackend implements StateBackend {
    private final RocksDbStateBackend delegate;

    DeleteOnCloseStateBackend(RocksDbStateBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public <K, V> KeyValueState<K, V> keyValueState(
            String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return delegate.keyValueState(name, keyCodec, valueCodec);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public long approximateSizeBytes() {
        return delegate.approximateSizeBytes();
    }

    @Override
    public void checkpoint(Path target) {
        delegate.checkpoint(target);
    }

    @Override
    public Optional<RuntimeException> writeFailure() {
        return delegate.writeFailure();
    }

    @Override
    public void close() {
        delegate.closeAndDelete();
    }
}
