package dev.weir.executor.connector.nexmark;

/**
 * The Nexmark generator's parameters, with the benchmark's standard values (as in Beam's and
 * Flink's Nexmark GeneratorConfig): per 50 events 1 person, 3 auctions and 46 bids; 1,000 active
 * people, 100 auctions in flight; a bid is for a hot auction with probability 1/2, by a hot bidder
 * 3/4, an auction by a hot seller 3/4, where "hot" is the first (bidders: second) of each batch of
 * 100 ids; average sizes of 200, 500 and 100 bytes per person, auction and bid.
 *
 * @param eventsPerSecond rate in processing time, counting events of every kind; 0 generates as
 *     fast as possible
 * @param maxEvents events in all (of every kind) before the stream ends; 0 for unbounded
 * @param seed what makes two runs equal; different seeds give different events
 * @param baseTime event time of the first event, ms since the epoch
 * @param eventTimeRate events per second of event time: event n is at {@code baseTime + n * 1000 /
 *     eventTimeRate}
 * @param live whether a paced reader opened at {@link
 *     dev.weir.executor.connector.SourcePosition#START} skips to the event whose time is now, as a
 *     consumer joining a live feed would (a restored position is always replayed exactly)
 */
public record NexmarkConfig(
        long eventsPerSecond,
        long maxEvents,
        long seed,
        long baseTime,
        long eventTimeRate,
        boolean live) {
    public static final int PERSON_PROPORTION = 1;
    public static final int AUCTION_PROPORTION = 3;
    public static final int BID_PROPORTION = 46;
    public static final int TOTAL_PROPORTION =
            PERSON_PROPORTION + AUCTION_PROPORTION + BID_PROPORTION;
    public static final long FIRST_PERSON_ID = 1000;
    public static final long FIRST_AUCTION_ID = 1000;
    public static final long FIRST_CATEGORY_ID = 10;
    public static final int NUM_CATEGORIES = 5;
    public static final int NUM_ACTIVE_PEOPLE = 1000;
    public static final int NUM_IN_FLIGHT_AUCTIONS = 100;

    /** One bid in HOT_AUCTION_RATIO is for any in-flight auction; the rest for a hot one. */
    public static final int HOT_AUCTION_RATIO = 2;

    /** One auction in HOT_SELLER_RATIO is by any active person; the rest by a hot seller. */
    public static final int HOT_SELLER_RATIO = 4;

    /** One bid in HOT_BIDDER_RATIO is by any active person; the rest by a hot bidder. */
    public static final int HOT_BIDDER_RATIO = 4;

    /** Hot ids are the first of each batch of this many ids. */
    public static final int HOT_BATCH = 100;

    /** Ids of people and auctions not yet created that a bid or auction may refer to. */
    public static final int PERSON_ID_LEAD = 10;

    public static final int AUCTION_ID_LEAD = 10;
    public static final int AVG_PERSON_BYTES = 200;
    public static final int AVG_AUCTION_BYTES = 500;
    public static final int AVG_BID_BYTES = 100;

    /** Events per second of event time when no rate is set: Nexmark's default first rate. */
    public static final long DEFAULT_EVENT_TIME_RATE = 10_000;

    /** 2026-01-01 00:00:00 UTC: a fixed start, so generated times are the same every run. */
    public static final long DEFAULT_BASE_TIME = 1_767_225_600_000L;

    public NexmarkConfig {
        if (eventsPerSecond < 0 || maxEvents < 0 || eventTimeRate <= 0) {
            throw new IllegalArgumentException("rates and counts must not be negative");
        }
    }

    /**
     * A config that is live exactly when it is paced: how the server's demo streams have always
     * behaved.
     */
    public NexmarkConfig(
            long eventsPerSecond, long maxEvents, long seed, long baseTime, long eventTimeRate) {
        this(eventsPerSecond, maxEvents, seed, baseTime, eventTimeRate, eventsPerSecond > 0);
    }

    public static NexmarkConfig defaults() {
        return new NexmarkConfig(0, 0, 0, DEFAULT_BASE_TIME, DEFAULT_EVENT_TIME_RATE, false);
    }

    /** The event time of event number {@code n}. */
    public long timestampOf(long n) {
        return baseTime + n * 1000 / eventTimeRate;
    }
}
