# sql-tests views/insert_select.sqlt: persistent queries appending to streams.
CREATE STREAM bid (auction BIGINT NOT NULL, price INT NOT NULL, bidtime TIMESTAMP NOT NULL,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '2' SECOND);
CREATE STREAM big_bid (auction BIGINT NOT NULL, price INT NOT NULL, bidtime TIMESTAMP NOT NULL);
CREATE STREAM window_counts (auction BIGINT NOT NULL, window_end TIMESTAMP NOT NULL, bids BIGINT NOT NULL);

INSERT INTO big_bid SELECT auction, price * 2, bidtime FROM bid WHERE price > 10;

INSERT INTO window_counts
  SELECT auction, window_end, COUNT(*)
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end;

SELECT * FROM big_bid;

SELECT * FROM big_bid ORDER BY bidtime;

CREATE MATERIALIZED VIEW big_total AS SELECT COUNT(*) AS bids, SUM(price) AS total FROM big_bid;

SELECT * FROM big_total;

INSERT INTO big_bid SELECT auction, COUNT(*), MAX(bidtime) FROM bid GROUP BY auction;

INSERT INTO big_bid SELECT auction, price FROM bid;

INSERT INTO big_bid SELECT b.auction, b.price, b.bidtime FROM bid b JOIN big_bid g ON b.auction = g.auction;

INSERT INTO big_bid SELECT auction, price, bidtime FROM bid UNION ALL SELECT auction, price, bidtime FROM bid;
