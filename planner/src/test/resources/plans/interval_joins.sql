# Interval joins (docs/sql.md): two streams joined on an equality and bounds on their event times.
CREATE STREAM clicks (usr VARCHAR, page VARCHAR, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE);
CREATE STREAM orders (usr VARCHAR, amount INT, ots TIMESTAMP NOT NULL, WATERMARK FOR ots AS ots - INTERVAL '30' SECOND);
CREATE STREAM plain (usr VARCHAR, ts TIMESTAMP);

SELECT c.usr, c.page, o.amount
FROM clicks c JOIN orders o
ON c.usr = o.usr AND o.ots BETWEEN c.ts - INTERVAL '1' HOUR AND c.ts;

SELECT c.usr, o.amount
FROM clicks c LEFT JOIN orders o
ON c.usr = o.usr AND o.ots >= c.ts AND o.ots < c.ts + INTERVAL '10' MINUTE AND o.amount > 5;

SELECT c.page, o.amount
FROM clicks c RIGHT JOIN orders o
ON c.usr = o.usr AND c.ts > o.ots - INTERVAL '5' MINUTE AND c.ts <= o.ots + INTERVAL '2' MINUTE;

SELECT c.page, o.amount
FROM clicks c FULL JOIN orders o
ON c.usr IS NOT DISTINCT FROM o.usr AND o.ots BETWEEN c.ts AND c.ts + INTERVAL '1' MINUTE
AND c.page <> 'home';

# No key: every pair within the interval.
SELECT c.page, o.amount FROM clicks c, orders o
WHERE o.ots >= c.ts - INTERVAL '10' SECOND AND o.ots < c.ts + INTERVAL '10' SECOND;

# Only one bound: a regular join (its state grows with its inputs).
SELECT c.page, o.amount FROM clicks c JOIN orders o ON c.usr = o.usr AND o.ots >= c.ts;

# A column that is not an event-time attribute: a regular join.
SELECT c.page, p.usr FROM clicks c JOIN plain p
ON c.usr = p.usr AND p.ts BETWEEN c.ts - INTERVAL '1' HOUR AND c.ts;

# A retracting input: a regular join.
SELECT w.usr, o.amount
FROM (SELECT usr, window_end, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' MINUTE))
      GROUP BY usr, window_start, window_end) w
JOIN orders o ON w.usr = o.usr AND o.ots BETWEEN w.window_end - INTERVAL '1' MINUTE AND w.window_end
EMIT STREAM;
