# sql-tests windows/window_attached_aggregates.sqlt: a GROUP BY of window bounds its input's rows
# carry is a window aggregate over attached windows (no assignment, the rows' own windows).
CREATE STREAM bid (auction BIGINT NOT NULL, bidder VARCHAR, price INT NOT NULL, bidtime TIMESTAMP NOT NULL,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '2' SECOND);

# The largest count per window of a window aggregate's rows: final, insert-only.
SELECT window_start, window_end, MAX(cnt) AS maxn FROM (
  SELECT auction, window_start, window_end, COUNT(*) AS cnt
  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end)
GROUP BY window_start, window_end EMIT STREAM AFTER WATERMARK;

# Other keys, DISTINCT and FILTER; the bounds renamed and not next to each other.
SELECT e, bidder, s, COUNT(DISTINCT auction) AS auctions, SUM(top) FILTER (WHERE top > 10) AS big FROM (
  SELECT window_end AS e, bidder, window_start AS s, auction, MAX(price) AS top
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
  GROUP BY window_start, window_end, bidder, auction)
GROUP BY s, e, bidder EMIT STREAM AFTER WATERMARK;

# Over a window Top-N's rows, and a window Top-N over the result.
SELECT window_start, window_end, cnt, rownum FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY cnt DESC) AS rownum FROM (
    SELECT window_start, window_end, bidder, COUNT(*) AS cnt FROM (
      SELECT * FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS r
        FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)))
      WHERE r <= 3)
    GROUP BY window_start, window_end, bidder))
WHERE rownum <= 1 EMIT STREAM AFTER WATERMARK;

# A cascaded window over the result's window_end.
SELECT w.window_start, w.window_end, SUM(w.maxn) AS total FROM TABLE(TUMBLE((
  SELECT window_start AS ws, window_end AS we, MAX(cnt) AS maxn FROM (
    SELECT auction, window_start, window_end, COUNT(*) AS cnt
    FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '5' SECOND))
    GROUP BY auction, window_start, window_end)
  GROUP BY window_start, window_end), DESCRIPTOR(we), INTERVAL '20' SECOND)) w
GROUP BY w.window_start, w.window_end EMIT STREAM AFTER WATERMARK;

# Over a windowing function's rows, the bounds projected apart.
SELECT s, e, bidder, COUNT(*) AS bids FROM (
  SELECT window_end AS e, bidder, price, window_start AS s
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)) WHERE price > 10)
GROUP BY e, bidder, s EMIT STREAM AFTER WATERMARK;

# Without AFTER WATERMARK the window aggregate below updates on every row: its retractions go to a
# regular aggregate.
SELECT window_start, window_end, MAX(cnt) AS maxn FROM (
  SELECT auction, window_start, window_end, COUNT(*) AS cnt
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end)
GROUP BY window_start, window_end EMIT STREAM;

# Nexmark q5 as Flink writes it.
SELECT AB.auction, AB.num, AB.starttime, AB.endtime
FROM (
  SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime
  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end
) AS AB
JOIN (
  SELECT MAX(CB.num) AS maxn, CB.starttime, CB.endtime
  FROM (
    SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime
    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
    GROUP BY auction, window_start, window_end
  ) AS CB
  GROUP BY CB.starttime, CB.endtime
) AS MB
ON AB.starttime = MB.starttime AND AB.endtime = MB.endtime AND AB.num >= MB.maxn
EMIT STREAM AFTER WATERMARK;

# Over a window join's rows.
SELECT window_start, window_end, COUNT(*) AS pairs FROM (
  SELECT L.window_start, L.window_end, L.auction
  FROM (SELECT auction, window_start, window_end, COUNT(*) AS n
        FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
        GROUP BY auction, window_start, window_end) L
  JOIN (SELECT bidder, window_start, window_end, MAX(price) AS p
        FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
        GROUP BY bidder, window_start, window_end) R
  ON L.window_start = R.window_start AND L.window_end = R.window_end AND L.n = R.p)
GROUP BY window_start, window_end EMIT STREAM AFTER WATERMARK;

# GROUPING SETS over the bounds stay a regular aggregate: not final, so AFTER WATERMARK is refused.
SELECT window_start, window_end, auction, SUM(cnt) FROM (
  SELECT auction, window_start, window_end, COUNT(*) AS cnt
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end)
GROUP BY GROUPING SETS ((window_start, window_end, auction), (window_start, window_end))
EMIT STREAM AFTER WATERMARK;
