package dev.weir.executor.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.executor.state.CloseableIterator;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFileCompactionTest {
    @TempDir Path dir;

    /**
     * The soak's leak: a view with a row per HOP window writes keys after every earlier one, so
     * each checkpoint's flush left one more small file at the last level, all kept. 100 checkpoints
     * of 5 new keys each must keep at most {@link SmallFileCompaction#SPARE_FILES} files (without
     * the compaction: one per checkpoint), and every row must still be there, in order.
     */
    @Test
    void checkpointsOfGrowingKeysKeepTheFileCountBounded() {
        int checkpoints = 100;
        long most = 0;
        try (RocksDbStateBackend backend = RocksDbStateBackend.open(dir.resolve("state"))) {
            KeyValueState<Row, Row> rows =
                    backend.keyValueState("view.rows", RowCodec.INSTANCE, RowCodec.INSTANCE);
            for (int c = 0; c < checkpoints; c++) {
                for (int k = 0; k < 5; k++) {
                    long key = c * 5L + k;
                    rows.put(Row.of(key), Row.of("window " + key));
                }
                backend.checkpoint(dir.resolve("checkpoints").resolve("chk-" + c));
                most = Math.max(most, backend.liveFileCount("view.rows"));
            }
            assertThat(most).isEqualTo(SmallFileCompaction.SPARE_FILES);
            List<Row> keys = new ArrayList<>();
            try (CloseableIterator<Map.Entry<Row, Row>> it = rows.all()) {
                it.forEachRemaining(e -> keys.add(e.getKey()));
            }
            assertThat(keys).hasSize(checkpoints * 5);
            for (int i = 0; i < keys.size(); i++) {
                assertThat(keys.get(i)).isEqualTo(Row.of((long) i));
            }
        }
    }

    @Test
    void aLargeFamilyMayKeepMoreFilesThanASmallOne() {
        assertThat(SmallFileCompaction.fileLimit(0)).isEqualTo(16);
        assertThat(SmallFileCompaction.fileLimit((64L << 20) - 1)).isEqualTo(16);
        assertThat(SmallFileCompaction.fileLimit(10L * (64L << 20))).isEqualTo(36);
    }
}
