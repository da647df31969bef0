package dev.weir.executor.connector.nexmark;

import static dev.weir.executor.connector.nexmark.NexmarkConfig.AUCTION_ID_LEAD;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.AUCTION_PROPORTION;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.FIRST_AUCTION_ID;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.FIRST_CATEGORY_ID;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.FIRST_PERSON_ID;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.HOT_AUCTION_RATIO;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.HOT_BIDDER_RATIO;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.HOT_SELLER_RATIO;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.NUM_ACTIVE_PEOPLE;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.NUM_CATEGORIES;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.NUM_IN_FLIGHT_AUCTIONS;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.PERSON_ID_LEAD;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.PERSON_PROPORTION;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.TOTAL_PROPORTION;

import dev.weir.common.row.Row;
import java.util.SplittableRandom;

/**
 * Nexmark's events as a pure function of the event number and the seed, following the benchmark's
 * generator rules (Beam's and Flink's): the event kind by position in each group of 50, ids that
 * grow with the event number, hot auctions, sellers and bidders, log-uniform prices. Generating
 * event n needs nothing but n, so a replay from any position is exact.
 */
public final class NexmarkGenerator {
    private static final String[] FIRST_NAMES = {
        "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter",
        "Walter"
    };
    private static final String[] LAST_NAMES = {
        "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"
    };
    private static final String[] US_STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
    private static final String[] US_CITIES = {
        "Phoenix",
        "Los Angeles",
        "San Francisco",
        "Boise",
        "Portland",
        "Bend",
        "Redmond",
        "Seattle",
        "Kent",
        "Cheyenne"
    };
    private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    private final NexmarkConfig config;

    public NexmarkGenerator(NexmarkConfig config) {
        this.config = config;
    }

    /** Which table event {@code n} belongs to. */
    public static NexmarkTable kindOf(long n) {
        long rem = n % TOTAL_PROPORTION;
        if (rem < PERSON_PROPORTION) {
            return NexmarkTable.PERSON;
        }
        if (rem < PERSON_PROPORTION + AUCTION_PROPORTION) {
            return NexmarkTable.AUCTION;
        }
        return NexmarkTable.BID;
    }

    /** Event {@code n} as a row of its table. */
    public Row event(long n) {
        SplittableRandom random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + n);
        long time = config.timestampOf(n);
        return switch (kindOf(n)) {
            case PERSON -> person(n, time, random);
            case AUCTION -> auction(n, time, random);
            case BID -> bid(n, time, random);
        };
    }

    static long lastBase0PersonId(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = n % TOTAL_PROPORTION;
        if (offset >= PERSON_PROPORTION) {
            offset = PERSON_PROPORTION - 1;
        }
        return epoch * PERSON_PROPORTION + offset;
    }

    static long lastBase0AuctionId(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = n % TOTAL_PROPORTION;
        if (offset < PERSON_PROPORTION) {
            epoch--;
            offset = AUCTION_PROPORTION - 1;
        } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
            offset = AUCTION_PROPORTION - 1;
        } else {
            offset -= PERSON_PROPORTION;
        }
        return epoch * AUCTION_PROPORTION + offset;
    }

    private static long nextBase0PersonId(long n, SplittableRandom random) {
        long numPeople = lastBase0PersonId(n) + 1;
        long activePeople = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
        long pick = random.nextLong(activePeople + PERSON_ID_LEAD);
        return numPeople - activePeople + pick;
    }

    private static long nextBase0AuctionId(long n, SplittableRandom random) {
        long maxAuction = Math.max(lastBase0AuctionId(n), 0);
        long minAuction = Math.max(maxAuction - NUM_IN_FLIGHT_AUCTIONS, 0);
        return minAuction + random.nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
    }

    private static long nextPrice(SplittableRandom random) {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    private static String nextString(SplittableRandom random, int maxLength) {
        int length = 3 + random.nextInt(Math.max(maxLength - 3, 1));
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = random.nextInt(13) == 0 ? ' ' : (char) ('a' + random.nextInt(26));
        }
        return new String(chars).strip();
    }

    private static String nextExtra(SplittableRandom random, int averageSize) {
        return nextString(random, Math.max(averageSize / 10, 4));
    }

    private static Row person(long n, long time, SplittableRandom random) {
        long id = lastBase0PersonId(n) + FIRST_PERSON_ID;
        String name =
                FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]
                        + " "
                        + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email = nextString(random, 7) + "@" + nextString(random, 5) + ".com";
        String card =
                String.format(
                        java.util.Locale.ROOT,
                        "%04d %04d %04d %04d",
                        random.nextInt(10_000),
                        random.nextInt(10_000),
                        random.nextInt(10_000),
                        random.nextInt(10_000));
        String city = US_CITIES[random.nextInt(US_CITIES.length)];
        String state = US_STATES[random.nextInt(US_STATES.length)];
        return Row.of(id, name, email, card, city, state, time, nextExtra(random, 200));
    }

    private static Row auction(long n, long time, SplittableRandom random) {
        long id = lastBase0AuctionId(n) + FIRST_AUCTION_ID;
        long seller;
        if (random.nextInt(HOT_SELLER_RATIO) > 0) {
            seller = (lastBase0PersonId(n) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO;
        } else {
            seller = nextBase0PersonId(n, random);
        }
        seller += FIRST_PERSON_ID;
        long category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
        long initialBid = nextPrice(random);
        long reserve = initialBid + nextPrice(random);
        // Auctions run a few seconds to a few minutes of event time.
        long expires = time + 2_000 + random.nextLong(120_000);
        return Row.of(
                id,
                nextString(random, 20),
                nextString(random, 100),
                initialBid,
                reserve,
                time,
                expires,
                seller,
                category,
                nextExtra(random, 500));
    }

    private static Row bid(long n, long time, SplittableRandom random) {
        long auction;
        if (random.nextInt(HOT_AUCTION_RATIO) > 0) {
            auction = (lastBase0AuctionId(n) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO;
        } else {
            auction = nextBase0AuctionId(n, random);
        }
        auction += FIRST_AUCTION_ID;
        long bidder;
        if (random.nextInt(HOT_BIDDER_RATIO) > 0) {
            bidder = (lastBase0PersonId(n) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1;
        } else {
            bidder = nextBase0PersonId(n, random);
        }
        bidder += FIRST_PERSON_ID;
        long price = nextPrice(random);
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        String url = "https://www.nexmark.com/" + nextString(random, 5) + "/item.htm?query=1";
        return Row.of(auction, bidder, price, channel, url, time, nextExtra(random, 100));
    }
}
