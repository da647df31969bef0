# sql-tests topn/topn.sqlt: Top-N and deduplication.
CREATE STREAM bid (auction BIGINT NOT NULL, bidder VARCHAR, price INT NOT NULL, bidtime TIMESTAMP NOT NULL,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '2' SECOND);

SELECT * FROM (
  SELECT auction, bidder, price, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rownum
  FROM bid) WHERE rownum <= 2;

SELECT auction, bidder FROM (
  SELECT auction, bidder, price, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rownum
  FROM bid) t WHERE 3 > t.rownum AND t.bidder <> 'dan';

SELECT bidder, auction, price FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder ORDER BY bidtime DESC) AS rownum FROM bid)
WHERE rownum = 1;

SELECT auction, bids FROM (
  SELECT auction, bids, DENSE_RANK() OVER (ORDER BY bids DESC) AS r
  FROM (SELECT auction, COUNT(*) AS bids FROM bid GROUP BY auction))
WHERE r < 4;

SELECT bidder, SUM(price) OVER (PARTITION BY auction) FROM bid;

SELECT * FROM (SELECT bidder, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price) AS rn FROM bid)
WHERE rn = 2;
