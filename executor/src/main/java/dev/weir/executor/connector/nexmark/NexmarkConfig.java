package dev.weir.executor.connector.nexmark;

/**
 * The Nexmark generator's parameters, with the benchmark's standard values (as in Beam's and
 * Flink's Nexmark): per 50 events 1 person, 3 auctions and 46 bids; 1,000 active people, 100
 * auctions in flight; hot auctions 2:1, hot sellers and bidders 4:1.
 *
 * @param eventsPerSecond rate in processing time; 0 generates as fast as possible
 * @param maxEvents events in all (of every kind) before the stream ends; 0 for unbounded
 * @param seed what makes two runs equal
 * @param baseTime event time of the first event, ms since the epoch
 * @param eventTimeRate events per second of event time: each event is 1/rate s after the last
 */
public record NexmarkConfig(
        long eventsPerSecond, long maxEvents, long seed, long baseTime, long eventTimeRate) {
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
    public static final int HOT_AUCTION_RATIO = 2;
    public static final int HOT_SELLER_RATIO = 4;
    public static final int HOT_BIDDER_RATIO = 4;
    public static final int PERSON_ID_LEAD = 10;
    public static final int AUCTION_ID_LEAD = 10;

    /** 2026-01-01 00:00:00 UTC: a fixed start, so generated times are the same every run. */
    public static final long DEFAULT_BASE_TIME = 1_767_225_600_000L;

    public NexmarkConfig {
        if (eventsPerSecond < 0 || maxEvents < 0 || eventTimeRate <= 0) {
            throw new IllegalArgumentException("rates and counts must not be negative");
        }
    }

    public static NexmarkConfig defaults() {
        return new NexmarkConfig(0, 0, 0, DEFAULT_BASE_TIME, 10_000);
    }

    /** The event time of event number {@code n}. */
    public long timestampOf(long n) {
        return baseTime + n * 1000 / eventTimeRate;
    }
}
