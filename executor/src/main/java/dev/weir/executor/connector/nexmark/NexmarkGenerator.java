package dev.weir.executor.connector.nexmark;

import static dev.weir.executor.connector.nexmark.NexmarkConfig.AUCTION_ID_LEAD;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.AUCTION_PROPORTION;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.AVG_AUCTION_BYTES;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.AVG_BID_BYTES;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.AVG_PERSON_BYTES;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.FIRST_AUCTION_ID;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.FIRST_CATEGORY_ID;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.FIRST_PERSON_ID;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.HOT_AUCTION_RATIO;
import static dev.weir.executor.connector.nexmark.NexmarkConfig.HOT_BATCH;
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
 * Nexmark's events as a pure function of the event number and the seed, by the benchmark's
 * generator rules (Beam's and Flink's): the kind by position in each group of 50, ids that grow
 * with the event number, hot auctions, sellers and bidders, log-uniform prices, auctions that
 * expire about when 100 more auctions have been created, hot channels. Each event draws from its
 * own random stream, seeded by the seed and its number, so event n needs nothing but n: a replay
 * from any position is exact, and no state is shared between events.
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
    private static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    /** One bid in HOT_CHANNEL_RATIO comes through one of the 10,000 other channels. */
    private static final int HOT_CHANNEL_RATIO = 2;

    private static final int CHANNELS = 10_000;

    /** Keeps the seeds of the channel URLs apart from those of events. */
    private static final long CHANNEL_SALT = 0x5DEECE66DL;

    private final NexmarkConfig config;
    private final String[] hotUrls = new String[HOT_CHANNELS.length];
    // Filled lazily; a racing fill computes the same immutable string, so no lock is needed.
    private final String[] channelUrls = new String[CHANNELS];

    public NexmarkGenerator(NexmarkConfig config) {
        this.config = config;
        for (int i = 0; i < hotUrls.length; i++) {
            hotUrls[i] = baseUrl(new SplittableRandom(mix(config.seed() ^ CHANNEL_SALT, -1 - i)));
        }
    }

    public NexmarkConfig config() {
        return config;
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
        SplittableRandom random = new SplittableRandom(mix(config.seed(), n));
        long time = config.timestampOf(n);
        return switch (kindOf(n)) {
            case PERSON -> person(n, time, random);
            case AUCTION -> auction(n, time, random);
            case BID -> bid(n, time, random);
        };
    }

    /**
     * The seed of one random stream. Hashed, because SplittableRandom's streams from seeds that
     * differ by its own increment are the same stream shifted by one draw: plain sums of seed and
     * number made some events of different seeds equal.
     */
    private static long mix(long seed, long n) {
        long z = seed * 0xBF58476D1CE4E5B9L + n;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The id (base 0) of the last person created at or before event {@code n}. */
    static long lastBase0PersonId(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = Math.min(n % TOTAL_PROPORTION, PERSON_PROPORTION - 1);
        return epoch * PERSON_PROPORTION + offset;
    }

    /**
     * The id (base 0) of the last auction created at or before event {@code n}: -1 before the
     * first.
     */
    static long lastBase0AuctionId(long n) {
        long epoch = n / TOTAL_PROPORTION;
        long offset = n % TOTAL_PROPORTION;
        if (offset < PERSON_PROPORTION) {
            epoch--; // a person: the last auction is the previous group's last
            offset = AUCTION_PROPORTION - 1;
        } else if (offset >= PERSON_PROPORTION + AUCTION_PROPORTION) {
            offset = AUCTION_PROPORTION - 1; // a bid: this group's last auction
        } else {
            offset -= PERSON_PROPORTION;
        }
        return epoch * AUCTION_PROPORTION + offset;
    }

    /** Any active person, or one of the next few to be created. */
    private static long nextBase0PersonId(long n, SplittableRandom random) {
        long numPeople = lastBase0PersonId(n) + 1;
        long activePeople = Math.min(numPeople, NUM_ACTIVE_PEOPLE);
        return numPeople - activePeople + random.nextLong(activePeople + PERSON_ID_LEAD);
    }

    /** Any auction likely still in flight, or one of the next few to be created. */
    private static long nextBase0AuctionId(long n, SplittableRandom random) {
        long maxAuction = lastBase0AuctionId(n);
        long minAuction = Math.max(maxAuction - NUM_IN_FLIGHT_AUCTIONS, 0);
        return minAuction + random.nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
    }

    /** Cents, log-uniform from $1 to $1,000,000. */
    private static long nextPrice(SplittableRandom random) {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    private static Row person(long n, long time, SplittableRandom random) {
        long id = lastBase0PersonId(n) + FIRST_PERSON_ID;
        String name =
                FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]
                        + " "
                        + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email =
                NexmarkStrings.next(random, 7) + "@" + NexmarkStrings.next(random, 5) + ".com";
        String card = NexmarkStrings.creditCard(random);
        String city = US_CITIES[random.nextInt(US_CITIES.length)];
        String state = US_STATES[random.nextInt(US_STATES.length)];
        int size = 8 + name.length() + email.length() + card.length() + city.length();
        String extra = NexmarkStrings.extra(random, size + state.length(), AVG_PERSON_BYTES);
        return Row.of(id, name, email, card, city, state, time, extra);
    }

    private Row auction(long n, long time, SplittableRandom random) {
        long id = lastBase0AuctionId(n) + FIRST_AUCTION_ID;
        long seller =
                random.nextInt(HOT_SELLER_RATIO) > 0
                        ? (lastBase0PersonId(n) / HOT_BATCH) * HOT_BATCH
                        : nextBase0PersonId(n, random);
        long category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
        long initialBid = nextPrice(random);
        long expires = time + auctionLength(n, time, random);
        String itemName = NexmarkStrings.next(random, 20);
        String description = NexmarkStrings.next(random, 100);
        long reserve = initialBid + nextPrice(random);
        int size = 8 + itemName.length() + description.length() + 5 * 8;
        String extra = NexmarkStrings.extra(random, size, AVG_AUCTION_BYTES);
        return Row.of(
                id,
                itemName,
                description,
                initialBid,
                reserve,
                time,
                expires,
                seller + FIRST_PERSON_ID,
                category,
                extra);
    }

    /**
     * Milliseconds, uniform with a mean of the event time until NUM_IN_FLIGHT_AUCTIONS more
     * auctions have been created: so about that many are open at any time, at any rate.
     */
    private long auctionLength(long n, long time, SplittableRandom random) {
        long eventsForAuctions =
                (long) NUM_IN_FLIGHT_AUCTIONS * TOTAL_PROPORTION / AUCTION_PROPORTION;
        long horizon = config.timestampOf(n + eventsForAuctions) - time;
        return 1 + random.nextLong(Math.max(horizon * 2, 1));
    }

    private Row bid(long n, long time, SplittableRandom random) {
        long auction =
                random.nextInt(HOT_AUCTION_RATIO) > 0
                        ? (lastBase0AuctionId(n) / HOT_BATCH) * HOT_BATCH
                        : nextBase0AuctionId(n, random);
        // Hot bidders are the second of each batch, so they are not also the hot sellers.
        long bidder =
                random.nextInt(HOT_BIDDER_RATIO) > 0
                        ? (lastBase0PersonId(n) / HOT_BATCH) * HOT_BATCH + 1
                        : nextBase0PersonId(n, random);
        long price = nextPrice(random);
        String channel;
        String url;
        if (random.nextInt(HOT_CHANNEL_RATIO) > 0) {
            int hot = random.nextInt(HOT_CHANNELS.length);
            channel = HOT_CHANNELS[hot];
            url = hotUrls[hot];
        } else {
            int number = random.nextInt(CHANNELS);
            channel = "channel-" + number;
            url = channelUrl(number);
        }
        String extra = NexmarkStrings.extra(random, 4 * 8, AVG_BID_BYTES);
        return Row.of(
                auction + FIRST_AUCTION_ID,
                bidder + FIRST_PERSON_ID,
                price,
                channel,
                url,
                time,
                extra);
    }

    /**
     * A channel's URL, drawn from its own seed rather than from whichever event first names it, so
     * it is the same whatever the order events are generated in.
     */
    private String channelUrl(int number) {
        String url = channelUrls[number];
        if (url == null) {
            SplittableRandom random =
                    new SplittableRandom(mix(config.seed() ^ CHANNEL_SALT, number));
            url = baseUrl(random);
            if (random.nextInt(10) > 0) {
                url = url + "&channel_id=" + Math.abs(Integer.reverse(number));
            }
            channelUrls[number] = url;
        }
        return url;
    }

    private static String baseUrl(SplittableRandom random) {
        return "https://www.nexmark.com/"
                + NexmarkStrings.next(random, 5, '_')
                + '/'
                + NexmarkStrings.next(random, 5, '_')
                + '/'
                + NexmarkStrings.next(random, 5, '_')
                + "/item.htm?query=1";
    }
}
