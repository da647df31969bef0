package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.io.DurableFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of rounds that {@link PublishedRows} keeps with its appends. */
class PublishedRowsTest {
    private static final SourcePosition AT_3 = SourcePosition.of(0, 3, 1, 0);
    private static final SourcePosition AT_5 = SourcePosition.of(0, 3, 1, 2);
    private static final SourcePosition AT_9 = SourcePosition.of(0, 7, 1, 2);

    @TempDir Path dir;

    private final InMemoryStreamStorage storage = new InMemoryStreamStorage();

    private PublishedRows open() {
        return PublishedRows.open(dir.resolve("published.json"), DurableFiles.DISK, storage, "s");
    }

    @Test
    void roundsAreDurableWithTheAppendAfterThemAndForgottenUpToACheckpoint() throws Exception {
        PublishedRows rows = open();
        assertThat(rows.roundRead(1, List.of(AT_3))).isTrue();
        assertThat(rows.roundRead(2, List.of(AT_5))).isTrue();
        assertThat(Files.exists(dir.resolve("published.json"))).isFalse(); // nothing appended yet
        rows.append(storage, "s", 0, List.of(Row.of(1L), Row.of(2L)));
        rows.roundRead(3, List.of(AT_9));

        PublishedRows reopened = open();
        assertThat(reopened.published()).isEqualTo(2);
        assertThat(reopened.roundsAfter(0)).containsExactly(List.of(AT_3), List.of(AT_5));
        assertThat(reopened.roundsAfter(1)).containsExactly(List.of(AT_5));
        assertThat(reopened.roundsAfter(2)).isEmpty(); // round 3 was never written
        // A replay that reads otherwise than the round did is told.
        assertThat(reopened.roundRead(1, List.of(AT_3))).isTrue();
        assertThat(reopened.roundRead(2, List.of(AT_9))).isFalse();

        reopened.roundRead(2, List.of(AT_5));
        reopened.roundRead(3, List.of(AT_9));
        reopened.forgetRoundsThrough(1);
        reopened.append(storage, "s", 2, List.of(Row.of(3L)));
        PublishedRows again = open();
        assertThat(again.published()).isEqualTo(3);
        assertThat(again.firstRound()).isEqualTo(Optional.of(2L));
        assertThat(again.roundsAfter(1)).containsExactly(List.of(AT_5), List.of(AT_9));
        assertThat(again.roundsAfter(0)).isEmpty(); // round 1 is forgotten: no exact replay
        assertThat(Files.readString(dir.resolve("published.json")))
                .isEqualTo(
                        "{\"format\":1,\"published\":3,\"rounds\":{\"first\":2,\"positions\":[[\""
                                + "0000000000000000000000000000000300000000000000010000000000000002"
                                + "\"],[\""
                                + "0000000000000000000000000000000700000000000000010000000000000002"
                                + "\"]]}}");
    }
}
