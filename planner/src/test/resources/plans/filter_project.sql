# sql-tests basic/filter_project.sqlt.
CREATE STREAM orders (
  id BIGINT NOT NULL,
  customer VARCHAR,
  amount DECIMAL(10, 2),
  ts TIMESTAMP NOT NULL,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
);

SELECT id, UPPER(customer) AS who, amount * 2 AS doubled FROM orders WHERE amount > 8;

SELECT id, customer, ts FROM orders WHERE customer IS NULL;

SELECT id FROM orders ORDER BY amount DESC LIMIT 2;

SELECT id, amount FROM orders ORDER BY id OFFSET 1 ROWS;

SELECT id, customer FROM orders WHERE amount < 20 EMIT STREAM;

SELECT STREAM id FROM orders WHERE id = 2;

SELECT id FROM orders EMIT STREAM WITH (SNAPSHOT = FALSE);

SELECT nope FROM orders;

SELECT * FROM missing;

SELECT id FROM orders EMIT AFTER WATERMARK;

SELECT 1;

SELECT 1 + 1 AS two, 'x' AS s, CAST(NULL AS INT) AS n;

SELECT y, x * 10 FROM (VALUES (1, 'a'), (2, 'b')) AS t (x, y) WHERE x > 1;

SELECT id FROM orders WHERE 1 = 0 EMIT STREAM;

SELECT id FROM orders LIMIT 0 EMIT STREAM;
