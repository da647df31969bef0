package dev.weir.executor.connector.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NexmarkGeneratorTest {
    private static final long BASE = NexmarkConfig.DEFAULT_BASE_TIME;
    // Seed 1, events 0..199,999: exact, so any change to the generator's rules shows here.
    private static final int HOT_AUCTIONS = 92_679;
    private static final int HOT_BIDDERS = 137_980;
    private static final int HOT_SELLERS = 8_947;

    private static NexmarkGenerator generator(long seed) {
        return new NexmarkGenerator(new NexmarkConfig(0, 0, seed, BASE, 10_000, false));
    }

    private static NexmarkConfig bounded(long maxEvents, long seed) {
        return new NexmarkConfig(0, maxEvents, seed, BASE, 10_000, false);
    }

    private static List<Row> readAll(NexmarkSource source, int batch) {
        List<Row> rows = new ArrayList<>();
        while (!source.isEnded()) {
            rows.addAll(source.poll(batch));
        }
        return rows;
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        NexmarkGenerator a = generator(42);
        NexmarkGenerator b = generator(42);
        NexmarkGenerator c = generator(43);
        int differing = 0;
        for (long n = 0; n < 5_000; n++) {
            assertThat(a.event(n)).isEqualTo(b.event(n));
            if (!a.event(n).equals(c.event(n))) {
                differing++;
            }
        }
        assertThat(differing).isEqualTo(5_000);
    }

    @Test
    void aReplayFromAPositionEqualsTheTailOfAFullRun() {
        List<Row> full =
                readAll(new NexmarkSource(NexmarkTable.BID, bounded(5_000, 7), () -> 0), 97);
        assertThat(full).hasSize(4_600);

        NexmarkSource first = new NexmarkSource(NexmarkTable.BID, bounded(5_000, 7), () -> 0);
        List<Row> head = new ArrayList<>();
        head.addAll(first.poll(1_000));
        head.addAll(first.poll(234));
        SourcePosition position = first.position();
        SourcePosition restored = SourcePosition.fromBytes(position.toBytes());

        NexmarkSource replay = new NexmarkSource(NexmarkTable.BID, bounded(5_000, 7), () -> 0);
        replay.open(restored);
        List<Row> tail = readAll(replay, 1_000);
        assertThat(head).isEqualTo(full.subList(0, 1_234));
        assertThat(tail).isEqualTo(full.subList(1_234, full.size()));
    }

    @Test
    void everyFiftyEventsAreOnePersonThreeAuctionsAndFortySixBids() {
        Map<NexmarkTable, Integer> counts = new EnumMap<>(NexmarkTable.class);
        for (long n = 0; n < 100_000; n++) {
            counts.merge(NexmarkGenerator.kindOf(n), 1, Integer::sum);
        }
        assertThat(counts)
                .containsEntry(NexmarkTable.PERSON, 2_000)
                .containsEntry(NexmarkTable.AUCTION, 6_000)
                .containsEntry(NexmarkTable.BID, 92_000);
        assertThat(NexmarkGenerator.kindOf(50)).isEqualTo(NexmarkTable.PERSON);
        assertThat(NexmarkGenerator.kindOf(51)).isEqualTo(NexmarkTable.AUCTION);
        assertThat(NexmarkGenerator.kindOf(53)).isEqualTo(NexmarkTable.AUCTION);
        assertThat(NexmarkGenerator.kindOf(54)).isEqualTo(NexmarkTable.BID);
        assertThat(NexmarkGenerator.kindOf(99)).isEqualTo(NexmarkTable.BID);
    }

    @Test
    void peopleAndAuctionsGetConsecutiveIdsAndBidsReferToRecentOnes() {
        NexmarkGenerator generator = generator(3);
        long nextPerson = 1000;
        long nextAuction = 1000;
        for (long n = 0; n < 50_000; n++) {
            Row row = generator.event(n);
            switch (NexmarkGenerator.kindOf(n)) {
                case PERSON -> assertThat(row.get(0)).isEqualTo(nextPerson++);
                case AUCTION -> {
                    assertThat(row.get(0)).isEqualTo(nextAuction++);
                    assertThat((long) row.get(4)).isGreaterThan((long) row.get(3));
                    assertThat((long) row.get(6)).isGreaterThan((long) row.get(5));
                    assertThat((long) row.get(7)).isBetween(1000L, nextPerson - 1 + 10);
                    assertThat((long) row.get(8)).isBetween(10L, 14L);
                }
                case BID -> {
                    long auction = (long) row.get(0);
                    long bidder = (long) row.get(1);
                    assertThat(auction)
                            .isBetween(Math.max(1000, nextAuction - 1 - 100), nextAuction - 1 + 10);
                    assertThat(bidder)
                            .isBetween(Math.max(1000, nextPerson - 1000), nextPerson - 1 + 10);
                    assertThat((long) row.get(2)).isBetween(100L, 100_000_000L);
                }
            }
        }
        assertThat(nextPerson).isEqualTo(2000);
        assertThat(nextAuction).isEqualTo(4000);
    }

    @Test
    void hotAuctionsBiddersAndSellersAreAsFrequentAsTheRatiosSay() {
        NexmarkGenerator generator = generator(1);
        int bids = 0;
        int hotAuction = 0;
        int hotBidder = 0;
        int auctions = 0;
        int hotSeller = 0;
        Map<String, Integer> channels = new java.util.HashMap<>();
        for (long n = 0; n < 200_000; n++) {
            Row row = generator.event(n);
            long lastPerson = NexmarkGenerator.lastBase0PersonId(n);
            long lastAuction = NexmarkGenerator.lastBase0AuctionId(n);
            if (NexmarkGenerator.kindOf(n) == NexmarkTable.BID) {
                bids++;
                if ((long) row.get(0) - 1000 == lastAuction / 100 * 100) {
                    hotAuction++;
                }
                if ((long) row.get(1) - 1000 == lastPerson / 100 * 100 + 1) {
                    hotBidder++;
                }
                channels.merge((String) row.get(3), 1, Integer::sum);
            } else if (NexmarkGenerator.kindOf(n) == NexmarkTable.AUCTION) {
                auctions++;
                if ((long) row.get(7) - 1000 == lastPerson / 100 * 100) {
                    hotSeller++;
                }
            }
        }
        // Hot with probability 1 - 1/ratio, plus the few random picks that land on a hot id.
        assertThat(bids).isEqualTo(184_000);
        assertThat(hotAuction).isEqualTo(HOT_AUCTIONS);
        assertThat(hotBidder).isEqualTo(HOT_BIDDERS);
        assertThat(auctions).isEqualTo(12_000);
        assertThat(hotSeller).isEqualTo(HOT_SELLERS);
        assertThat((double) hotAuction / bids).isBetween(0.5, 0.52);
        assertThat((double) hotBidder / bids).isBetween(0.74, 0.76);
        assertThat((double) hotSeller / auctions).isBetween(0.74, 0.77);
        int hotChannels =
                channels.getOrDefault("Google", 0)
                        + channels.getOrDefault("Facebook", 0)
                        + channels.getOrDefault("Baidu", 0)
                        + channels.getOrDefault("Apple", 0);
        assertThat((double) hotChannels / bids).isBetween(0.49, 0.51);
    }

    @Test
    void eventTimeAdvancesByTheInterEventDelayFromTheBaseTime() {
        NexmarkGenerator generator = generator(5);
        long previous = Long.MIN_VALUE;
        for (long n = 0; n < 10_000; n++) {
            Row row = generator.event(n);
            int timeField = NexmarkGenerator.kindOf(n) == NexmarkTable.BID ? 5 : 6;
            if (NexmarkGenerator.kindOf(n) == NexmarkTable.AUCTION) {
                timeField = 5;
            }
            long time = (long) row.get(timeField);
            assertThat(time).isEqualTo(BASE + n / 10).isGreaterThanOrEqualTo(previous);
            previous = time;
        }
    }

    @Test
    void textColumnsFollowTheBenchmarksShapes() {
        NexmarkGenerator generator = generator(9);
        long extraBytes = 0;
        int people = 0;
        for (long n = 0; n < 50 * 500; n += 50) {
            Row person = generator.event(n);
            people++;
            assertThat((String) person.get(1)).matches("[A-Z][a-z]+ [A-Z][a-z]+");
            assertThat((String) person.get(2)).matches("[a-z ]*@[a-z ]*\\.com");
            assertThat((String) person.get(3)).matches("\\d{4} \\d{4} \\d{4} \\d{4}");
            assertThat((String) person.get(5)).isIn("AZ", "CA", "ID", "OR", "WA", "WY");
            assertThat((String) person.get(7)).matches("[a-z]*");
            extraBytes += ((String) person.get(7)).length();
            Row bid = generator.event(n + 10);
            assertThat((String) bid.get(4))
                    .matches(
                            "https://www\\.nexmark\\.com/[a-z_]+/[a-z_]+/[a-z_]+/item\\.htm\\?query=1"
                                    + "(&channel_id=\\d+)?");
        }
        // A person's fields are about 60 bytes; the extra brings the average to 200.
        assertThat(extraBytes / people).isBetween(120L, 160L);
    }

    @Test
    void aPacedSourceReleasesEventsAsTheClockAllows() {
        AtomicLong clock = new AtomicLong(1_000_000);
        NexmarkConfig paced = new NexmarkConfig(1_000, 0, 0, BASE, 1_000, false);
        NexmarkSource source = new NexmarkSource(NexmarkTable.BID, paced, clock::get);
        assertThat(source.poll(100)).isEmpty(); // event 0 is a person
        assertThat(source.nextEvent()).isEqualTo(1);
        clock.addAndGet(10); // 10 ms at 1,000/s: events up to 10
        assertThat(source.poll(100)).hasSize(7); // events 1..10: three auctions, bids 4..10
        assertThat(source.nextEvent()).isEqualTo(11);
        clock.addAndGet(1_000);
        // Events 11..1010: the bids of 0..999 (920) and 1004..1010 (7), less the 7 read.
        assertThat(source.poll(10_000)).hasSize(920);
        assertThat(source.nextEvent()).isEqualTo(1011);
        assertThat(source.isEnded()).isFalse();
    }

    @Test
    void printsTheGeneratorsThroughput() {
        NexmarkGenerator generator = generator(0);
        long events = 3_000_000;
        long checksum = 0;
        for (long n = 0; n < 200_000; n++) {
            checksum += generator.event(n).arity(); // warm up
        }
        long started = System.nanoTime();
        for (long n = 0; n < events; n++) {
            checksum += generator.event(n).arity();
        }
        long elapsed = System.nanoTime() - started;
        System.out.printf(
                "Nexmark generator: %,d events in %,d ms = %,d events/s (checksum %d)%n",
                events, elapsed / 1_000_000, events * 1_000_000_000L / elapsed, checksum);
        assertThat(checksum).isPositive();
    }
}
