# Processing-time lookup joins (docs/sql.md): each order joins the table's row of its key as the table is when the order is processed.
CREATE STREAM orders (id INT, currency VARCHAR, amount INT, proc_time AS PROCTIME());
CREATE STREAM timed_orders (id INT, currency VARCHAR, ts TIMESTAMP NOT NULL, pt AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);
CREATE TABLE rates (currency VARCHAR, rate INT, PRIMARY KEY (currency));
CREATE TABLE tiers (currency VARCHAR, tier INT, fee INT, PRIMARY KEY (currency, tier));
CREATE TABLE notes (currency VARCHAR, note VARCHAR);

SELECT o.id, r.rate
FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.proc_time AS r ON o.currency = r.currency;

SELECT o.id, o.amount * r.rate AS total
FROM orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.proc_time AS r
ON o.currency = r.currency AND r.rate > o.amount;

SELECT o.id, t.fee
FROM orders o JOIN tiers FOR SYSTEM_TIME AS OF o.proc_time AS t ON t.tier = o.amount AND t.currency = o.currency;

# The lookup join passes the event time on: windows after it.
CREATE VIEW timed_rated AS
SELECT o.id, o.ts, r.rate FROM timed_orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.pt AS r ON o.currency = r.currency;

SELECT window_start, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE timed_rated, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;

CREATE MATERIALIZED VIEW priced AS
SELECT o.id, r.rate FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.proc_time AS r ON o.currency = r.currency;

SELECT id, currency FROM (SELECT id, currency, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY proc_time DESC) AS rn FROM orders) WHERE rn = 1;

SELECT o.id FROM orders o JOIN notes FOR SYSTEM_TIME AS OF o.proc_time AS n ON o.currency = n.currency;

SELECT o.id FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.proc_time AS r ON o.amount = r.rate;

SELECT o.id FROM timed_orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

SELECT o.id FROM (SELECT currency, COUNT(*) AS id, MAX(proc_time) AS proc_time FROM orders GROUP BY currency) o JOIN rates FOR SYSTEM_TIME AS OF o.proc_time AS r ON o.currency = r.currency;

