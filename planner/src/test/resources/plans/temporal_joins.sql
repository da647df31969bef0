# Event-time temporal joins (docs/sql.md): each order joins the rate of its currency valid at its time.
CREATE STREAM orders (id INT, currency VARCHAR, amount INT, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE);
CREATE STREAM rates (currency VARCHAR, rate INT, rts TIMESTAMP NOT NULL, WATERMARK FOR rts AS rts - INTERVAL '30' SECOND);
CREATE STREAM plain_rates (currency VARCHAR, rate INT, rts TIMESTAMP);
CREATE TABLE currencies (code VARCHAR, name VARCHAR, PRIMARY KEY (code));

SELECT o.id, r.rate
FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id, o.amount * r.rate AS total
FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r
ON o.currency IS NOT DISTINCT FROM r.currency AND r.rate > o.amount;

# A filter of the left stream that keeps its event-time column.
SELECT o.id, r.rate
FROM (SELECT id, currency, ts FROM orders WHERE amount > 0) o
JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

# Refused: a table, a stream without a watermark, a RIGHT join, AS OF the clock, no key equality.
SELECT o.id FROM orders o JOIN currencies FOR SYSTEM_TIME AS OF o.ts AS c ON o.currency = c.code;

SELECT o.id FROM orders o JOIN plain_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o RIGHT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN rates FOR SYSTEM_TIME AS OF LOCALTIMESTAMP AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.amount < r.rate;
