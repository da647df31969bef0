package dev.weir.executor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.executor.state.memory.HeapStateBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeapStateBackendTest extends StateBackendContractTest {
    @Override
    StateBackend create(Path directory) {
        return new HeapStateBackend();
    }

    @Override
    StateBackend restore(Path checkpoint, Path directory) {
        return HeapStateBackend.restore(checkpoint);
    }

    @Test
    void aTruncatedCheckpointIsRefused() throws Exception {
        StateBackend b = backend();
        rows(b, "a").put(Row.of(1L), Row.of("one"));
        Path checkpoint = dir.resolve("cp");
        b.checkpoint(checkpoint);
        Path file = checkpoint.resolve("heap-state.bin");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 2));
        assertThatThrownBy(() -> HeapStateBackend.restore(checkpoint))
                .isInstanceOfSatisfying(
                        WeirException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CORRUPTED))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void aFileThatIsNoCheckpointIsRefused() throws Exception {
        Path checkpoint = Files.createDirectories(dir.resolve("cp"));
        Files.writeString(checkpoint.resolve("heap-state.bin"), "not a checkpoint at all");
        assertThatThrownBy(() -> HeapStateBackend.restore(checkpoint))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("not a heap state checkpoint");
        assertThatThrownBy(() -> HeapStateBackend.restore(dir.resolve("absent")))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("does not exist");
    }
}
