package dev.weir.executor.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSizeTest {
    @TempDir Path dir;

    /**
     * The soak's third leak: every flush appends to RocksDB's MANIFEST, which by default grows to 1
     * GiB before RocksDB starts a new one (a continuous query's reached 6.8 MB in half an hour).
     * Each round here flushes 10 column families, each a file whose smallest and largest keys (200
     * bytes of padding) the MANIFEST records, about 9 KB a round: in 200 rounds it must start a new
     * MANIFEST, keep one only, and never let it pass {@link RocksDbOptions#MANIFEST_BYTES} by more
     * than a few rounds' edits. (RocksDB also waits until the MANIFEST is several times the size of
     * a fresh one, which lists every live file; here that is under the limit, as it is for state of
     * a few dozen files: with 1 KB keys it is not, and a MANIFEST reached 2 MB.)
     */
    @Test
    void theManifestIsStartedAnewPastItsLimit() {
        Path path = dir.resolve("state");
        String padding = "k".repeat(200);
        try (RocksDbStateBackend backend = RocksDbStateBackend.open(path)) {
            List<KeyValueState<Row, Row>> families = new ArrayList<>();
            for (int f = 0; f < 10; f++) {
                families.add(
                        backend.keyValueState("family-" + f, RowCodec.INSTANCE, RowCodec.INSTANCE));
            }
            java.util.Set<String> seen = new java.util.LinkedHashSet<>();
            long largest = 0;
            for (int round = 0; round < 200; round++) {
                for (KeyValueState<Row, Row> family : families) {
                    family.put(Row.of((long) round, padding), Row.of("row " + round));
                }
                backend.flush();
                List<Path> now = manifests(path);
                assertThat(now).hasSize(1);
                largest = Math.max(largest, size(now.get(0)));
                seen.add(now.get(0).getFileName().toString());
            }
            assertThat(seen.size()).isGreaterThan(1);
            assertThat(largest).isLessThan(RocksDbOptions.MANIFEST_BYTES + (128L << 10));
        }
    }

    private static List<Path> manifests(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
