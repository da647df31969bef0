package dev.weir.executor.connector.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NexmarkGeneratorTest {
    private static List<Row> read(NexmarkTable table, NexmarkConfig config, long from) {
        NexmarkSource source = new NexmarkSource(table, config, () -> 0L, from);
        List<Row> rows = new ArrayList<>();
        while (!source.isEnded()) {
            rows.addAll(source.poll(1000));
        }
        return rows;
    }

    private static NexmarkConfig bounded(long events, long seed) {
        return new NexmarkConfig(0, events, seed, NexmarkConfig.DEFAULT_BASE_TIME, 10_000);
    }

    @Test
    void oneInFiftyIsAPersonThreeAreAuctionsTheRestBids() {
        Map<NexmarkTable, Integer> counts = new EnumMap<>(NexmarkTable.class);
        for (long n = 0; n < 50_000; n++) {
            counts.merge(NexmarkGenerator.kindOf(n), 1, Integer::sum);
        }
        assertThat(counts)
                .containsEntry(NexmarkTable.PERSON, 1_000)
                .containsEntry(NexmarkTable.AUCTION, 3_000)
                .containsEntry(NexmarkTable.BID, 46_000);
    }

    @Test
    void sameSeedSameEventsAndAReplayFromAPositionIsTheTail() {
        List<Row> first = read(NexmarkTable.BID, bounded(5_000, 7), 0);
        List<Row> again = read(NexmarkTable.BID, bounded(5_000, 7), 0);
        assertThat(again).isEqualTo(first);
        List<Row> otherSeed = read(NexmarkTable.BID, bounded(5_000, 8), 0);
        assertThat(otherSeed).isNotEqualTo(first);
        // Events 2500.. hold the bids after the first 2500 events: 2500/50*46 = 2300 bids before.
        List<Row> tail = read(NexmarkTable.BID, bounded(5_000, 7), 2_500);
        assertThat(tail).isEqualTo(first.subList(2_300, first.size()));
    }

    @Test
    void idsTimesAndPricesFollowTheBenchmarkRules() {
        List<Row> people = read(NexmarkTable.PERSON, bounded(10_000, 1), 0);
        assertThat(people).hasSize(200);
        assertThat(people.get(0).get(0)).isEqualTo(1000L);
        assertThat(people.get(199).get(0)).isEqualTo(1199L);
        List<Row> auctions = read(NexmarkTable.AUCTION, bounded(10_000, 1), 0);
        assertThat(auctions).hasSize(600);
        assertThat(auctions.get(0).get(0)).isEqualTo(1000L);
        assertThat(auctions.get(599).get(0)).isEqualTo(1599L);
        List<Row> bids = read(NexmarkTable.BID, bounded(10_000, 1), 0);
        assertThat(bids).hasSize(9_200);
        long previousTime = Long.MIN_VALUE;
        for (Row bid : bids) {
            long auction = (Long) bid.get(0);
            long bidder = (Long) bid.get(1);
            long price = (Long) bid.get(2);
            long time = (Long) bid.get(5);
            assertThat(auction).isBetween(1000L, 1000L + 600 + 10);
            assertThat(bidder).isBetween(1000L, 1000L + 200 + 10);
            assertThat(price).isBetween(100L, 100_000_000L);
            assertThat(time).isGreaterThanOrEqualTo(previousTime);
            previousTime = time;
        }
        // Event n is n/10 ms after the base time at 10,000 events/s of event time.
        assertThat((Long) bids.get(0).get(5)).isEqualTo(NexmarkConfig.DEFAULT_BASE_TIME);
        // Hot auctions: about half the bids go to the few most recent even-numbered auctions.
        long even = bids.stream().filter(b -> (Long) b.get(0) % 2 == 0).count();
        assertThat(even).isGreaterThan(bids.size() * 6 / 10);
    }
}
