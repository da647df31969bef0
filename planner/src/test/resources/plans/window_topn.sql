# sql-tests windows/window_topn.sqlt: window Top-N and window deduplication.
CREATE STREAM bid (auction BIGINT NOT NULL, bidder VARCHAR, price INT NOT NULL, bidtime TIMESTAMP NOT NULL,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '2' SECOND);

SELECT window_start, window_end, bidder, price, rownum FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)))
WHERE rownum <= 2;

SELECT window_start, auction, bidder FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction ORDER BY bidtime DESC) AS rownum
  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND)))
WHERE rownum = 1 EMIT STREAM AFTER WATERMARK;

SELECT window_start, window_end, auction, cnt FROM (
  SELECT *, RANK() OVER (PARTITION BY window_start, window_end ORDER BY cnt DESC) AS r
  FROM (SELECT window_start, window_end, auction, COUNT(*) AS cnt
        FROM TABLE(CUMULATE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
        GROUP BY window_start, window_end, auction))
WHERE r <= 3 EMIT STREAM;

SELECT window_start, window_end, auction, bidder FROM (
  SELECT *, DENSE_RANK() OVER (PARTITION BY window_start, window_end, auction ORDER BY price DESC) AS r
  FROM TABLE(SESSION(TABLE bid PARTITION BY auction, DESCRIPTOR(bidtime), INTERVAL '2' SECOND)))
WHERE r <= 2;

SELECT bidder FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_end ORDER BY price DESC) AS rownum
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)))
WHERE rownum <= 1 EMIT STREAM AFTER WATERMARK;

SELECT bidder FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)))
WHERE rownum <= 1 EMIT STREAM WITH (ALLOWED_LATENESS = INTERVAL '5' SECOND);
