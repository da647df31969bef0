package dev.weir.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Seeded CSV inputs: bids out of order, some late, over a few items. */
final class TestData {
    static final long BASE =
            LocalDateTime.of(2026, 1, 1, 10, 0).toEpochSecond(ZoneOffset.UTC) * 1000;
    static final String[] ITEMS = {"apple", "bread", "cheese", "dates", "eggs", "figs"};

    private TestData() {}

    /**
     * {@code rows} bids a few hundred milliseconds apart, each up to 1.5 s out of order; with
     * {@code late}, one row in 15 comes 8 to 20 s behind, so that it is late for a 2 s watermark
     * delay. Columns: bidtime, item, price (DECIMAL with 2 digits), bidder.
     */
    static Path bids(Path dir, String name, long seed, int rows, boolean late) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        long clock = BASE;
        for (int i = 0; i < rows; i++) {
            clock += 100 + random.nextInt(400);
            long time = clock - random.nextInt(1500);
            if (late && i > 20 && i % 15 == 0) {
                time = clock - 8_000 - random.nextInt(12_000);
            }
            String item = ITEMS[random.nextInt(ITEMS.length)];
            String price = (1 + random.nextInt(50)) + "." + (10 + random.nextInt(90));
            String bidder = random.nextInt(5) == 0 ? "" : "b" + random.nextInt(8);
            lines.add(timestamp(time) + "," + item + "," + price + "," + bidder);
        }
        Path file = dir.resolve(name + ".csv");
        Files.write(file, lines);
        return file;
    }

    /** Each item's category; one item has none, and one category has no item bid on. */
    static Path items(Path dir) throws IOException {
        Path file = dir.resolve("items.csv");
        Files.write(
                file,
                List.of(
                        "2026-01-01 09:00:00,apple,fruit",
                        "2026-01-01 09:00:00,bread,bakery",
                        "2026-01-01 09:00:00,cheese,dairy",
                        "2026-01-01 09:00:00,figs,fruit",
                        "2026-01-01 09:00:00,eggs,dairy",
                        "2026-01-01 09:00:00,kiwi,fruit",
                        "2026-01-01 09:00:00,bread,bakery"));
        return file;
    }

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    static String timestamp(long millis) {
        return LocalDateTime.ofEpochSecond(
                        Math.floorDiv(millis, 1000),
                        Math.floorMod(millis, 1000) * 1_000_000,
                        ZoneOffset.UTC)
                .format(FORMAT);
    }

    /** The DDL of a bids stream read from {@code file}. */
    static String bidsStream(String name, Path file) {
        return "CREATE STREAM "
                + name
                + " (bidtime TIMESTAMP(3) NOT NULL, item VARCHAR NOT NULL, price DECIMAL(10, 2),"
                + " bidder VARCHAR, WATERMARK FOR bidtime AS bidtime - INTERVAL '2' SECOND)"
                + " WITH ('connector' = 'file', 'format' = 'csv', 'path' = '"
                + file
                + "')";
    }
}
