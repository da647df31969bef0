package dev.weir.benchmarks.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark query over a handful of persons, auctions and bids in nexmark-gen's file layout,
 * through the file connector and the engine, with its final rows worked out by hand.
 */
class NexmarkQueriesTest {
    @TempDir Path data;

    /** 2015-07-15 00:00 plus {@code seconds}, as result rows show a timestamp. */
    private static String t(int seconds) {
        return java.time.LocalDateTime.of(2015, 7, 15, 0, 0)
                .plusSeconds(seconds)
                .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS"));
    }

    @BeforeEach
    void writeFiles() throws IOException {
        Files.writeString(
                data.resolve("person.csv"),
                "id,name,emailAddress,creditCard,city,state,dateTime,extra\n"
                        + "1000,Ann,a@x.com,1111,Portland,OR,"
                        + t(0)
                        + ",p\n"
                        + "1001,Bob,b@x.com,2222,Boise,ID,"
                        + t(1)
                        + ",p\n"
                        + "1002,Cy,c@x.com,3333,Seattle,WA,"
                        + t(2)
                        + ",p\n");
        Files.writeString(
                data.resolve("auction.csv"),
                "id,itemName,description,initialBid,reserve,dateTime,expires,seller,category,extra\n"
                        + auction(2000, 0, 5, 1000, 10)
                        + auction(2001, 1, 20, 1002, 10)
                        + auction(2091, 2, 30, 1001, 11));
        Files.writeString(
                data.resolve("bid.csv"),
                "auction,bidder,price,channel,url,dateTime,extra\n"
                        + bid(2000, 1000, 100, 1)
                        + bid(2000, 1001, 150, 3)
                        + bid(2001, 1000, 200, 4)
                        + bid(2000, 1002, 120, 6) // after auction 2000 expired
                        + bid(2091, 1001, 50, 12)
                        + bid(2001, 1001, 300, 25)); // after auction 2001 expired
    }

    private static String auction(int id, int at, int expires, int seller, int category) {
        return id
                + ",item,desc,1,10,"
                + t(at)
                + ","
                + t(expires)
                + ","
                + seller
                + ","
                + category
                + ",x\n";
    }

    private static String bid(int auction, int bidder, int price, int at) {
        return auction
                + ","
                + bidder
                + ","
                + price
                + ",web,https://x/"
                + auction
                + ","
                + t(at)
                + ",e\n";
    }

    private List<String> finalRows(Engine engine, String query) throws InterruptedException {
        for (String stream : NexmarkFileStreams.STREAMS) {
            engine.execute(NexmarkFileStreams.createStatement(stream, data));
        }
        QueryRun run = QueryRun.run(engine, NexmarkQueries.find(query).orElseThrow(), true);
        assertThat(run.malformed()).isZero();
        assertThat(run.late()).isZero();
        return run.finalRows().orElseThrow().lines();
    }

    private List<String> finalRows(String query) throws InterruptedException {
        try (Engine engine = Engine.inMemory()) {
            return finalRows(engine, query);
        }
    }

    @Test
    void passThroughProjectionAndFilter() throws InterruptedException {
        assertThat(finalRows("q0"))
                .containsExactlyInAnyOrder(
                        "2000,1000,100," + t(1) + ",e",
                        "2000,1001,150," + t(3) + ",e",
                        "2000,1002,120," + t(6) + ",e",
                        "2001,1000,200," + t(4) + ",e",
                        "2001,1001,300," + t(25) + ",e",
                        "2091,1001,50," + t(12) + ",e");
        assertThat(finalRows("q1"))
                .containsExactlyInAnyOrder(
                        "2000,1000,90.800," + t(1) + ",e",
                        "2000,1001,136.200," + t(3) + ",e",
                        "2000,1002,108.960," + t(6) + ",e",
                        "2001,1000,181.600," + t(4) + ",e",
                        "2001,1001,272.400," + t(25) + ",e",
                        "2091,1001,45.400," + t(12) + ",e");
        assertThat(finalRows("q2")).containsExactlyInAnyOrder("2091,50"); // 2091 = 17 * 123
    }

    @Test
    void joins() throws InterruptedException {
        // Category 10 auctions by sellers in OR, ID or CA: Cy (WA) sells 2001, so only 2000.
        assertThat(finalRows("q3")).containsExactlyInAnyOrder("Ann,Portland,OR,2000");
        // Winning bids within each auction's time: 2000 -> 150 (not 120, too late),
        // 2001 -> 200 (not 300, too late), 2091 -> 50; averaged per category.
        assertThat(finalRows("q4")).containsExactlyInAnyOrder("10,175", "11,50");
    }

    @Test
    void tumblingWindows() throws InterruptedException {
        assertThat(finalRows("tumble_agg"))
                .containsExactlyInAnyOrder(
                        "2000," + t(0) + "," + t(10) + ",3,150",
                        "2001," + t(0) + "," + t(10) + ",1,200",
                        "2001," + t(20) + "," + t(30) + ",1,300",
                        "2091," + t(10) + "," + t(20) + ",1,50");
        // The highest bid of each window, joined back to its bid.
        assertThat(finalRows("q7"))
                .containsExactlyInAnyOrder(
                        "2001,1000,200," + t(4) + ",e",
                        "2001,1001,300," + t(25) + ",e",
                        "2091,1001,50," + t(12) + ",e");
    }

    @Test
    void hoppingWindows() throws InterruptedException {
        List<String> expected = new ArrayList<>();
        // Auction 2000, bids at 1 s (100), 3 s (150), 6 s (120): windows of 10 s every 2 s.
        String[] auction2000 = {
            "1,100", "2,150", "2,150", "3,150", "3,150", "2,150", "1,120", "1,120"
        };
        for (int i = 0; i < auction2000.length; i++) {
            int start = -8 + 2 * i;
            expected.add("2000," + t(start) + "," + t(start + 10) + "," + auction2000[i]);
        }
        for (int start = -4; start <= 4; start += 2) {
            expected.add("2001," + t(start) + "," + t(start + 10) + ",1,200");
        }
        for (int start = 16; start <= 24; start += 2) {
            expected.add("2001," + t(start) + "," + t(start + 10) + ",1,300");
        }
        for (int start = 4; start <= 12; start += 2) {
            expected.add("2091," + t(start) + "," + t(start + 10) + ",1,50");
        }
        assertThat(finalRows("hop_agg")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void hotItemsAreTheMostBidOnAuctionsOfEachHoppingWindow() throws InterruptedException {
        List<String> expected = new ArrayList<>();
        int[] counts2000 = {1, 2, 2, 3, 3, 2};
        for (int i = 0; i < counts2000.length; i++) {
            int start = -8 + 2 * i;
            expected.add("2000," + counts2000[i] + "," + t(start) + "," + t(start + 10));
        }
        // From 4 s to 14 s every auction has one bid: all three tie.
        expected.add("2000,1," + t(4) + "," + t(14));
        expected.add("2001,1," + t(4) + "," + t(14));
        expected.add("2000,1," + t(6) + "," + t(16));
        for (int start = 4; start <= 12; start += 2) {
            expected.add("2091,1," + t(start) + "," + t(start + 10));
        }
        for (int start = 16; start <= 24; start += 2) {
            expected.add("2001,1," + t(start) + "," + t(start + 10));
        }
        assertThat(finalRows("q5")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void sessionWindows() throws InterruptedException {
        // Bidder 1001 bids at 3 s, 12 s (9 s later: the same session) and 25 s (a new one).
        assertThat(finalRows("session_agg"))
                .containsExactlyInAnyOrder(
                        "1000," + t(1) + "," + t(14) + ",2,200",
                        "1001," + t(25) + "," + t(35) + ",1,300",
                        "1001," + t(3) + "," + t(22) + ",2,150",
                        "1002," + t(6) + "," + t(16) + ",1,120");
    }

    @Test
    void rocksDbStateGivesTheSameRows(@TempDir Path dataDir) throws InterruptedException {
        try (Engine engine = Engine.open(dataDir, FsyncPolicy.NEVER)) {
            assertThat(finalRows(engine, "session_agg")).isEqualTo(finalRows("session_agg"));
        }
    }
}
