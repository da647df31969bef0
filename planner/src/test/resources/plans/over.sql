# sql-tests over/over.sqlt: OVER aggregates ordered by event time.
CREATE STREAM bid (auction BIGINT NOT NULL, bidder VARCHAR, price INT, bidtime TIMESTAMP NOT NULL,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '2' SECOND);
CREATE TABLE account (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR);

SELECT auction, price, SUM(price) OVER (PARTITION BY auction ORDER BY bidtime
  RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS total FROM bid;

SELECT auction, COUNT(*) OVER w AS n, MIN(price) OVER w AS low, MAX(price) OVER w AS high,
  AVG(price) OVER w AS mean
FROM bid WINDOW w AS (PARTITION BY auction ORDER BY bidtime ROWS BETWEEN 2 PRECEDING AND CURRENT ROW);

SELECT bidder, COUNT(price) OVER (ORDER BY bidtime) AS c,
  SUM(price) OVER (PARTITION BY bidder ORDER BY bidtime ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s
FROM bid WHERE price > 10;

SELECT auction, SUM(price) OVER (PARTITION BY auction ORDER BY price) FROM bid;

SELECT auction, SUM(price) OVER (PARTITION BY auction ORDER BY bidtime DESC) FROM bid;

SELECT auction, SUM(price) OVER (PARTITION BY auction ORDER BY bidtime
  ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM bid;

SELECT auction, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY bidtime) FROM bid;

SELECT auction, COUNT(DISTINCT price) OVER (PARTITION BY auction ORDER BY bidtime) FROM bid;

SELECT id, COUNT(*) OVER (ORDER BY id) FROM account;

SELECT auction, SUM(price) OVER (PARTITION BY auction) FROM bid;

SELECT auction, n, COUNT(*) OVER (ORDER BY n) FROM (SELECT auction, COUNT(*) AS n FROM bid GROUP BY auction);

SELECT auction, SUM(price) OVER (PARTITION BY auction ORDER BY bidtime
  RANGE BETWEEN INTERVAL '1' MONTH PRECEDING AND CURRENT ROW) FROM bid;

SELECT auction, COUNT(1) OVER w AS n, SUM(2) OVER w AS twos, AVG(CAST(price AS DECIMAL(10, 2))) OVER w AS mean
FROM bid WINDOW w AS (ORDER BY bidtime ROWS BETWEEN 1 PRECEDING AND CURRENT ROW);
