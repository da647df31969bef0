# Processing-time windows (docs/sql.md): a DESCRIPTOR naming a stream's AS PROCTIME() attribute places rows by the clock; a StreamProcTimeWatermark below the window makes the clock the watermark.
CREATE STREAM orders (id INT, currency VARCHAR, amount INT, proc_time AS PROCTIME());
CREATE STREAM timed_orders (id INT, currency VARCHAR, ts TIMESTAMP NOT NULL, pt AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);

SELECT currency, COUNT(*) AS n, window_start, window_end
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(proc_time), INTERVAL '10' SECOND))
GROUP BY currency, window_start, window_end
EMIT STREAM AFTER WATERMARK;

SELECT currency, SUM(amount) AS total, window_start, window_end
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(proc_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
WHERE amount > 0
GROUP BY currency, window_start, window_end
EMIT STREAM;

SELECT currency, COUNT(*) AS n, window_start, window_end
FROM TABLE(SESSION(TABLE orders PARTITION BY currency, DESCRIPTOR(proc_time), INTERVAL '5' SECOND))
GROUP BY currency, window_start, window_end
EMIT STREAM AFTER WATERMARK;

SELECT id, window_start, window_end
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(proc_time), INTERVAL '1' MINUTE))
EMIT STREAM AFTER WATERMARK;

# A stream with both attributes: the window is the clock's, whatever its WATERMARK.
SELECT COUNT(*) AS n, window_end
FROM TABLE(TUMBLE(TABLE timed_orders, DESCRIPTOR(pt), INTERVAL '10' SECOND))
GROUP BY window_start, window_end
EMIT STREAM AFTER WATERMARK;

# A cascade over the window_end of a processing-time window aggregate: the same clock completes it.
SELECT SUM(n) AS n, window_start, window_end
FROM TABLE(TUMBLE(
  (SELECT COUNT(*) AS n, window_end AS t
   FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(proc_time), INTERVAL '10' SECOND))
   GROUP BY window_start, window_end),
  DESCRIPTOR(t), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end
EMIT STREAM AFTER WATERMARK;

# Under a processing-time window the stream's event time is a plain value: no event-time window over it.
SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(
  (SELECT ts FROM TABLE(TUMBLE(TABLE timed_orders, DESCRIPTOR(pt), INTERVAL '10' SECOND))),
  DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;

# An expression over the attribute is a plain value.
SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE((SELECT proc_time + INTERVAL '1' SECOND AS t FROM orders), DESCRIPTOR(t), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

# An event-time temporal join holds each order until the watermark reaches it: its processing time is then a past reading, no attribute.
CREATE STREAM rates (cur VARCHAR, rate INT, rts TIMESTAMP NOT NULL, WATERMARK FOR rts AS rts);
SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE((SELECT o.pt FROM timed_orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.cur), DESCRIPTOR(pt), INTERVAL '1' SECOND))
GROUP BY window_start, window_end;
