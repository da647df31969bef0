# sql-tests joins/window_joins.sqlt.
CREATE STREAM clicks (usr VARCHAR NOT NULL, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE);
CREATE STREAM orders (usr VARCHAR NOT NULL, amount INT, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE);

SELECT c.usr, c.window_start, o.amount
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) c
JOIN TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) o
  ON c.usr = o.usr AND c.window_start = o.window_start AND c.window_end = o.window_end
ORDER BY c.window_start, c.usr;

SELECT c.window_start, c.clicks, o.orders
FROM (SELECT window_start, window_end, COUNT(*) AS clicks
      FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' MINUTE))
      GROUP BY window_start, window_end) c
LEFT JOIN (SELECT window_start, window_end, COUNT(*) AS orders
      FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' MINUTE))
      GROUP BY window_start, window_end) o
  ON c.window_start = o.window_start AND c.window_end = o.window_end
ORDER BY c.window_start;

SELECT c.usr
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) c
JOIN TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) o
  ON c.usr = o.usr AND c.window_start = o.window_start AND c.window_end = o.window_end;

SELECT c.usr
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) c
JOIN TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) o
  ON c.usr = o.usr AND c.window_start = o.window_start AND c.window_end = o.window_end
EMIT STREAM;
