# sql-tests paper/worked_example.sqlt.
CREATE STREAM bids (
  bidtime TIMESTAMP NOT NULL,
  price DECIMAL(10, 2),
  item VARCHAR,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '6' MINUTE
);

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT STREAM;

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT STREAM AFTER WATERMARK;

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT FINAL;

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end;

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT AFTER WATERMARK;

SELECT item, window_start, window_end
FROM TABLE(HOP(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE))
WHERE price > 4;

SELECT * FROM TABLE(SESSION(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE));

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT STREAM AFTER WATERMARK AND AFTER DELAY INTERVAL '1' HOUR;

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT STREAM AFTER DELAY INTERVAL '1' MINUTE AND AFTER WATERMARK;

SELECT window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT STREAM AFTER WATERMARK AND AFTER DELAY INTERVAL '1' MINUTE;

SELECT window_start, window_end, SUM(price) AS price
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end
EMIT AFTER WATERMARK AND AFTER DELAY INTERVAL '1' MINUTE;

SELECT item, COUNT(*) AS n FROM bids GROUP BY item EMIT STREAM AFTER DELAY INTERVAL '1' MINUTE;

SELECT item FROM bids EMIT STREAM AFTER DELAY INTERVAL '10' SECOND;
