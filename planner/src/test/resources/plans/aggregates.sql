# sql-tests basic/aggregates.sqlt and basic/empty_aggregates.sqlt.
CREATE STREAM sales (region VARCHAR, shop VARCHAR, amount INT, ts TIMESTAMP NOT NULL);
CREATE STREAM s (k VARCHAR, x INT NOT NULL);

SELECT region, COUNT(*) AS n, SUM(amount) AS total, MIN(amount) AS lo, MAX(amount) AS hi,
       COUNT(DISTINCT shop) AS shops, COUNT(*) FILTER (WHERE amount > 4) AS big
FROM sales GROUP BY region;

SELECT region, SUM(amount) AS total FROM sales GROUP BY region HAVING SUM(amount) > 5;

SELECT region, shop, SUM(amount) AS total FROM sales GROUP BY GROUPING SETS ((region, shop), (region), ());

SELECT region, shop, SUM(amount) AS total FROM sales GROUP BY ROLLUP (region, shop);

SELECT region, COUNT(*) AS n FROM sales WHERE region = 'north' GROUP BY region EMIT STREAM;

SELECT region, GROUPING(region) FROM sales GROUP BY ROLLUP (region);

SELECT region, GROUPING(region) FROM sales GROUP BY region;

SELECT region, AVG(amount) AS mean, SUM(DISTINCT amount) AS distinct_total FROM sales GROUP BY region;

SELECT DISTINCT region FROM sales;

SELECT region, STDDEV_POP(amount) FROM sales GROUP BY region;

SELECT COUNT(*) AS n, SUM(x) AS total, MAX(x) AS top FROM s;

SELECT COUNT(*) AS n FROM s EMIT STREAM;

SELECT k, COUNT(*) AS n FROM s GROUP BY k;

SELECT COUNT(*) AS n, SUM(x) AS total FROM s WHERE x > 5;

SELECT COUNT(*) + 1 AS n FROM s WHERE x > 5;

SELECT COUNT(*) AS n FROM s HAVING COUNT(*) > 0;

SELECT COUNT(*) AS n FROM s WHERE x > 5 HAVING COUNT(*) > 0;

CREATE MATERIALIZED VIEW big AS SELECT COUNT(*) AS n, SUM(x) AS total FROM s WHERE x > 5;

SELECT * FROM big;

SELECT n, total FROM big EMIT STREAM;

SELECT region, VAR_POP(amount) AS v, VAR_SAMP(amount) AS w FROM sales GROUP BY region;

SELECT region, STDDEV_SAMP(amount) FROM sales GROUP BY region;

SELECT region, GROUPING_ID(region) FROM sales GROUP BY ROLLUP (region);

SELECT region, GROUP_ID() FROM sales GROUP BY ROLLUP (region);

SELECT region, s FROM (SELECT region, STDDEV_POP(amount) AS s FROM sales GROUP BY region);
