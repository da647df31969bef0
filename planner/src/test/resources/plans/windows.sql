# Windowed shapes beyond the script tests: every windowing function, keys, offsets, HAVING and
# calcs around the window aggregate, lateness, and the checks on windowed aggregates.
CREATE STREAM bid (auction BIGINT NOT NULL, bidder VARCHAR, price INT NOT NULL, bidtime TIMESTAMP NOT NULL,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '2' SECOND);
CREATE STREAM clicks (usr VARCHAR NOT NULL, page VARCHAR, ts TIMESTAMP NOT NULL,
  WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE);
CREATE TABLE currency (code VARCHAR NOT NULL, rate DECIMAL(10, 4), changed TIMESTAMP NOT NULL, PRIMARY KEY (code));
CREATE VIEW tumbling AS SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND));

SELECT auction, window_start, window_end, COUNT(*) AS n, MAX(price) AS top
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end EMIT AFTER WATERMARK;

SELECT auction, window_start, window_end, COUNT(*) AS n
FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end;

SELECT window_start, window_end, SUM(price) AS total
FROM TABLE(CUMULATE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
GROUP BY window_start, window_end EMIT STREAM;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '1' HOUR, INTERVAL '15' MINUTE))
GROUP BY window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE, INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;

SELECT bidder, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end;

# The window bounds first, then the key; the group key in another order than selected.
SELECT window_end, window_start, UPPER(bidder) AS who, SUM(price) AS total
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY window_start, UPPER(bidder), window_end;

SELECT auction, window_end, AVG(price) AS mean, COUNT(DISTINCT bidder) AS bidders,
       COUNT(*) FILTER (WHERE price > 10) AS big
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end
HAVING COUNT(*) > 1;

SELECT auction, window_start, window_end, COUNT(*) * 2 AS doubled
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end
EMIT STREAM AFTER WATERMARK WITH (ALLOWED_LATENESS = INTERVAL '5' SECOND);

SELECT auction, window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end
EMIT STREAM AFTER WATERMARK AND AFTER DELAY INTERVAL '1' SECOND WITH (ALLOWED_LATENESS = INTERVAL '5' SECOND);

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY window_start, window_end
ORDER BY n DESC LIMIT 3;

SELECT DISTINCT window_start, window_end
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND));

# The WHERE between the windowing function and its GROUP BY filters the rows before the windows
# (it was dropped: oracle finding window-where-dropped).
SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
WHERE price > 10
GROUP BY window_start, window_end;

# Through a derived table and through a view.
SELECT ws, we, COUNT(*) AS n
FROM (SELECT window_start AS ws, window_end AS we, price
      FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)))
GROUP BY ws, we;

SELECT window_start, window_end, COUNT(*) AS n FROM tumbling GROUP BY window_start, window_end;

# A group aggregate over a window aggregate's rows.
SELECT n, COUNT(*) AS windows
FROM (SELECT window_start, window_end, COUNT(*) AS n
      FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
      GROUP BY window_start, window_end)
GROUP BY n;

SELECT usr, page, window_start, window_end
FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
ORDER BY usr, ts;

SELECT usr, window_start, window_end
FROM TABLE(SESSION(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
WHERE page = 'home';

SELECT usr, page, window_end
FROM TABLE(SESSION(TABLE clicks, DESCRIPTOR(ts), DESCRIPTOR(usr), INTERVAL '5' MINUTE))
EMIT STREAM;

SELECT usr FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE));

SELECT usr, window_start FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
EMIT STREAM AFTER WATERMARK;

CREATE MATERIALIZED VIEW per_window AS
  SELECT auction, window_start, window_end, COUNT(*) AS bids
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end
  EMIT AFTER WATERMARK;

SELECT * FROM per_window;

SELECT auction, bids FROM per_window EMIT STREAM;

# Refused: the checks on windowed aggregates.
SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY window_start;

SELECT COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND));

SELECT auction, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)) AS t
GROUP BY t.auction;

SELECT DISTINCT auction FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND));

SELECT ws, COUNT(*) AS n
FROM (SELECT window_start AS ws, window_end AS we, price
      FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND)))
GROUP BY ws;

SELECT window_start, COUNT(*) AS n FROM tumbling GROUP BY window_start;

SELECT usr, page, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY usr, page, window_start, window_end;

SELECT page, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE clicks, DESCRIPTOR(ts), DESCRIPTOR(usr), INTERVAL '5' MINUTE))
GROUP BY page, window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY window_start, window_end;

SELECT usr, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE clicks, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY usr, window_start, window_end;

SELECT UPPER(usr), window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY UPPER(usr), window_start, window_end;

SELECT window_start, window_end, bidder, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY ROLLUP (window_start, window_end, bidder);

SELECT window_start, window_end, bidder, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY GROUPING SETS ((window_start, window_end, bidder), (window_start, window_end));

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY GROUPING SETS ((window_start, window_end));

SELECT window_start, window_end, CUBE_COUNT
FROM (SELECT window_start, window_end, COUNT(*) AS CUBE_COUNT
      FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
      GROUP BY CUBE (window_start, window_end));

SELECT window_start, window_end, MAX(EXTRACT(SECOND FROM window_start)) AS s
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT window_start, MAX(EXTRACT(SECOND FROM window_end)) AS s
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY window_start;

SELECT CAST(window_start AS TIMESTAMP(3)) AS ws, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY CAST(window_start AS TIMESTAMP(3)), window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE currency, DESCRIPTOR(changed), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT code, window_start FROM TABLE(TUMBLE(TABLE currency, DESCRIPTOR(changed), INTERVAL '10' SECOND));

SELECT code, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE currency, DESCRIPTOR(changed), INTERVAL '10' SECOND))
GROUP BY code;

SELECT window_start, window_end, STDDEV_POP(price) AS s
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '0' SECOND))
GROUP BY window_start, window_end;

SELECT auction, COUNT(*) AS n FROM bid GROUP BY auction EMIT STREAM AFTER WATERMARK;

SELECT auction, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end
EMIT STREAM AFTER WATERMARK AND AFTER DELAY INTERVAL '1' SECOND;

# A subquery below the windowed aggregate, and refused shapes reached through a view.
SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
WHERE auction IN (SELECT auction FROM bid WHERE price > 100)
GROUP BY window_start, window_end;

SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
WHERE auction IN (SELECT auction FROM bid WHERE price > 100)
GROUP BY window_start;

CREATE VIEW names AS SELECT bidder FROM bid UNION SELECT usr FROM clicks;

SELECT * FROM names;

CREATE VIEW per_session AS
  SELECT page, window_start, window_end, COUNT(*) AS n
  FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
  GROUP BY page, window_start, window_end;

SELECT * FROM per_session;

# More of the checks: which fault is reported first, qualified names, the table argument.
SELECT t.usr, t.window_start, t.window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) AS t
GROUP BY t.usr, t.window_start, t.window_end;

SELECT page, window_start, window_end, STDDEV_POP(1) AS s
FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY page, window_start, window_end;

SELECT window_start, window_end, GROUPING(window_start) AS g
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY CAST(window_end AS TIMESTAMP(3));

SELECT window_start, window_end, bidder, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY GROUPING SETS ((window_start, window_end, bidder), (window_start, window_end), (window_start, window_end));

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
GROUP BY GROUPING SETS ((window_start, window_end), (window_start, window_end));

SELECT c.code, b.auction
FROM TABLE(TUMBLE(TABLE currency, DESCRIPTOR(changed), INTERVAL '10' SECOND)) c
JOIN bid b ON c.code = b.bidder;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(DATA => TABLE bid, TIMECOL => DESCRIPTOR(bidtime), SIZE => INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

WITH w AS (SELECT bidder FROM bid UNION SELECT usr FROM clicks) SELECT * FROM w;

SELECT bidder FROM bid EXCEPT ALL SELECT usr FROM clicks;

# The WHERE split: conjuncts on the rows before the windows, on the bounds after the aggregate;
# one on both, or any over SESSION, refused.
SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
WHERE price > 10 AND window_end > TIMESTAMP '2026-01-01 00:00:00' AND bidder IS NOT NULL
GROUP BY window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
WHERE bidtime > window_start
GROUP BY window_start, window_end;

SELECT usr, window_start, window_end, COUNT(*) AS n
FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
WHERE page = 'home'
GROUP BY usr, window_start, window_end;

# Window arguments that define no windows, and DESCRIPTORs that name no event-time attribute.
SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(CUMULATE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '2' SECOND, INTERVAL '5' SECOND))
GROUP BY window_start, window_end;

SELECT window_start FROM TABLE(HOP(TABLE bid, DESCRIPTOR(bidtime), INTERVAL -'1' SECOND, INTERVAL '5' SECOND));

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE((SELECT auction, bidtime + INTERVAL '1' SECOND AS t FROM bid), DESCRIPTOR(t), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE((SELECT auction, bidtime AS t FROM bid WHERE price > 1), DESCRIPTOR(t), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;

SELECT window_start FROM TABLE(TUMBLE((SELECT b.bidtime FROM bid b JOIN clicks c ON b.bidder = c.usr), DESCRIPTOR(bidtime), INTERVAL '10' SECOND));

# OVER and Top-N over it: refused at the function called OVER.
SELECT bidder, price FROM (
  SELECT bidder, price, ROW_NUMBER() OVER (PARTITION BY bidder ORDER BY price DESC) AS rownum FROM bid)
WHERE rownum <= 3;

SELECT auction, SUM(price) OVER (PARTITION BY auction) AS total FROM bid;

# A named argument that is no parameter of the function (found by SqlFuzzTest: it failed inside
# Calcite's operand checks when a declared one was missing).
SELECT w.window_start FROM TABLE(HOP(TABLE bid, DESCRIPTOR => INTERVAL '4' SECOND, SLIDE => INTERVAL '2' SECOND, TIMECOL => DESCRIPTOR(bidtime))) w;
