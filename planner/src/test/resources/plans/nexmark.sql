# The Nexmark queries of sql-tests' NexmarkQueriesTest, over the generator's streams.
CREATE STREAM bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR,
  url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)
  WITH ('connector' = 'nexmark', 'table' = 'bid', 'max-events' = '200000', 'seed' = '3');
CREATE STREAM person (id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR,
  state VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)
  WITH ('connector' = 'nexmark', 'table' = 'person', 'max-events' = '200000', 'seed' = '3');
CREATE STREAM auction (id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
  dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)
  WITH ('connector' = 'nexmark', 'table' = 'auction', 'max-events' = '200000', 'seed' = '3');

SELECT auction, bidder, price, dateTime, extra FROM bid;

SELECT auction, bidder, 0.908 * price AS price, dateTime FROM bid;

# q2 is written with MOD in NexmarkQueriesTest; here as in the original Nexmark, with equalities.
# Calcite picks among SqlFunctions.mod's overloads in reflection order, which varies between JVM
# runs, so the code generated for MOD (and the plan's JSON, the checkpoints' fingerprint) does too.
SELECT auction, price FROM bid WHERE auction = 1007 OR auction = 1020 OR auction = 2001;

SELECT p.name, p.city, p.state, a.id FROM auction a JOIN person p
  ON a.seller = p.id WHERE a.category = 10 AND (p.state = 'OR' OR p.state = 'ID' OR p.state = 'CA');

SELECT p.id, p.name, p.window_start FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) p
  JOIN TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND)) a
  ON p.id = a.seller AND p.window_start = a.window_start AND p.window_end = a.window_end;

SELECT auction, window_start, window_end, COUNT(*) AS n, MAX(price) AS top
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end EMIT AFTER WATERMARK;

SELECT auction, window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE
  bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end;

SELECT bidder, window_start, window_end, COUNT(*) AS n FROM TABLE(SESSION(TABLE
  bid PARTITION BY bidder, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
  GROUP BY bidder, window_start, window_end;

SELECT auction, price FROM bid WHERE auction = 1007 OR auction = 1020 EMIT STREAM;
