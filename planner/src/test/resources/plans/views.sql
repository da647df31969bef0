# sql-tests views/joined_views.sqlt and views/materialized_views.sqlt: materialized views over
# streams, tables, joins and other views, and queries over them.
CREATE TABLE seller (id BIGINT NOT NULL, name VARCHAR, region VARCHAR, PRIMARY KEY (id));
CREATE STREAM bid (auction BIGINT NOT NULL, seller BIGINT, bidder VARCHAR, price INT NOT NULL, bidtime TIMESTAMP NOT NULL,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND);

CREATE MATERIALIZED VIEW region_totals AS
  SELECT s.region, COUNT(*) AS bids, SUM(b.price) AS total
  FROM bid b JOIN seller s ON b.seller = s.id
  GROUP BY s.region;

CREATE MATERIALIZED VIEW seller_bids AS
  SELECT b.seller, COUNT(*) AS bids FROM bid b GROUP BY b.seller;

SELECT * FROM region_totals ORDER BY region;

SELECT s.name, v.bids FROM seller_bids v JOIN seller s ON v.seller = s.id ORDER BY s.name;

SELECT s.name, v.bids FROM seller_bids v LEFT JOIN seller s ON v.seller = s.id ORDER BY s.name;

CREATE MATERIALIZED VIEW auction_totals AS
  SELECT auction, COUNT(*) AS bids, SUM(price) AS total, MAX(price) AS top
  FROM bid GROUP BY auction;

CREATE MATERIALIZED VIEW per_window AS
  SELECT auction, window_start, window_end, COUNT(*) AS bids
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end
  EMIT AFTER WATERMARK;

CREATE MATERIALIZED VIEW hot AS SELECT auction, total FROM auction_totals WHERE total > 25;

CREATE MATERIALIZED VIEW named (a, n) AS SELECT auction, bids FROM per_window;

SELECT * FROM auction_totals ORDER BY auction;

SELECT * FROM per_window;

SELECT * FROM hot;

SELECT * FROM named;

SELECT auction, window_start, bids FROM per_window ORDER BY auction;

SELECT total FROM auction_totals WHERE auction = 2;

SELECT COUNT(*) AS views, SUM(bids) AS bids FROM auction_totals;

SELECT auction, total FROM auction_totals WHERE auction < 3 EMIT STREAM;

CREATE MATERIALIZED VIEW sorted AS SELECT auction FROM bid ORDER BY auction;

CREATE MATERIALIZED VIEW by_bidder AS SELECT bidder, auction, COUNT(*) AS bids FROM bid GROUP BY bidder, auction;

SELECT bids FROM by_bidder WHERE auction = 1 AND bidder = 'ann';

SELECT bids, bidder FROM by_bidder WHERE 'bob' = bidder AND auction = 2;

SELECT bidder, bids FROM by_bidder WHERE auction = 2;

SELECT bids FROM by_bidder WHERE auction = 1 AND bidder = 'ann' AND bids > 5;

CREATE VIEW cheap AS SELECT auction, price FROM bid WHERE price < 5;

SELECT auction FROM cheap WHERE price > 1;

CREATE MATERIALIZED VIEW cheap_counts AS SELECT auction, COUNT(*) AS n FROM cheap GROUP BY auction;

# A windowing function over a materialized view whose rows change.
CREATE MATERIALIZED VIEW last_bid AS SELECT auction, MAX(bidtime) AS last_time FROM bid GROUP BY auction;

SELECT auction, window_start
FROM TABLE(TUMBLE(TABLE last_bid, DESCRIPTOR(last_time), INTERVAL '1' MINUTE));

SELECT window_start, window_end, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE last_bid, DESCRIPTOR(last_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;

CREATE MATERIALIZED VIEW last_bid_windows AS
  SELECT window_start, window_end, COUNT(*) AS n
  FROM TABLE(TUMBLE(TABLE last_bid, DESCRIPTOR(last_time), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end;
