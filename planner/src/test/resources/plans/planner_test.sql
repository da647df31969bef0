# The queries of PlannerTest.
CREATE STREAM bids (bidtime TIMESTAMP NOT NULL, price DECIMAL(10, 2), item VARCHAR,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '4' SECOND);

SELECT window_start, window_end, SUM(price) AS price FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime),
  INTERVAL '10' MINUTE)) GROUP BY window_start, window_end EMIT STREAM AFTER WATERMARK;

SELECT item, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE))
GROUP BY item, window_start, window_end;

SELECT item, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(bidtime), DESCRIPTOR(item), INTERVAL '5' MINUTE))
GROUP BY item, window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE))
GROUP BY window_start, window_end;

SELECT item FROM bids EMIT AFTER WATERMARK;

SELECT nope FROM bids;
