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

# Versioned views: a last-row deduplication by event time, planned as the join over the stream it
# deduplicates, keyed by its PARTITION BY, one row per key and time.
CREATE VIEW versioned_rates AS SELECT currency, rate, rts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts DESC) AS rownum FROM rates) WHERE rownum = 1;
CREATE VIEW rate_levels AS SELECT currency AS cur, rate * 100 AS cents, rownum FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts DESC) AS rownum FROM rates) WHERE rownum = 1 AND rate > 0;
CREATE VIEW first_rates AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts) AS rownum FROM rates) WHERE rownum = 1;
CREATE VIEW rates_view AS SELECT currency, rate, rts FROM rates;
CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 0;
CREATE VIEW nullable_rates AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts DESC) AS rownum FROM plain_rates) WHERE rownum = 1;

SELECT o.id, o.amount * r.rate AS total
FROM orders o JOIN versioned_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

# The view's columns computed on each version, its time and filter carried and then dropped.
SELECT o.id, r.cents, r.rownum
FROM orders o LEFT JOIN rate_levels FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.cur AND o.amount < r.cents;

# Refused, at the view read FOR SYSTEM_TIME AS OF (also when the left input is a view): a first-row
# deduplication, a view that does not deduplicate, an ON without the view's key, a ranking by a
# column that is no event-time attribute.
SELECT o.id FROM orders o JOIN first_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN rates_view FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN versioned_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.amount = r.rate;

SELECT o.id FROM orders o JOIN nullable_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM big_orders o JOIN first_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

# The other refusals of a view: ordered by processing time, by more than the time, a Top-N of two,
# no PARTITION BY, a time that may be NULL, a window deduplication, a time-dependent column.
CREATE STREAM clock_rates (currency VARCHAR, rate INT, rts TIMESTAMP NOT NULL, pt AS PROCTIME(), WATERMARK FOR rts AS rts - INTERVAL '30' SECOND);
CREATE STREAM maybe_rates (currency VARCHAR, rate INT, rts TIMESTAMP, WATERMARK FOR rts AS rts - INTERVAL '30' SECOND);
CREATE VIEW arrival_rates AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY pt DESC) AS rownum FROM clock_rates) WHERE rownum = 1;
CREATE VIEW tie_broken AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts DESC, rate DESC) AS rownum FROM rates) WHERE rownum = 1;
CREATE VIEW top_two AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts DESC) AS rownum FROM rates) WHERE rownum <= 2;
CREATE VIEW last_rate AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY rts DESC) AS rownum FROM rates) WHERE rownum = 1;
CREATE VIEW maybe_versioned AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts DESC) AS rownum FROM maybe_rates) WHERE rownum = 1;
CREATE VIEW window_last AS SELECT currency, rate FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, currency ORDER BY rts DESC) AS rownum FROM TABLE(TUMBLE(TABLE rates, DESCRIPTOR(rts), INTERVAL '10' MINUTE))) WHERE rownum = 1;
CREATE VIEW stamped_rates AS SELECT currency, rate, CURRENT_TIMESTAMP AS seen FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY rts DESC) AS rownum FROM rates) WHERE rownum = 1;

SELECT o.id FROM orders o JOIN arrival_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN tie_broken FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN top_two FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN last_rate FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN maybe_versioned FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN window_last FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM orders o JOIN stamped_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
