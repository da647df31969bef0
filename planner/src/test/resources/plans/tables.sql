# sql-tests tables/tables.sqlt: tables read as snapshots and changelogs, DELETE and UPDATE as
# queries over a table's rows, and point lookups.
CREATE TABLE currency (code VARCHAR NOT NULL, rate DECIMAL(10, 4), PRIMARY KEY (code));
CREATE TABLE seats (seat INT NOT NULL, guest VARCHAR, PRIMARY KEY (seat));
CREATE TABLE tags (tag VARCHAR);
CREATE STREAM payment (id INT NOT NULL, amount DECIMAL(10, 2), code VARCHAR);

SELECT * FROM currency ORDER BY code;

SELECT COUNT(*) FROM currency;

UPDATE currency SET rate = rate * 2 WHERE code = 'JPY';

DELETE FROM currency WHERE rate > 1.2;

SELECT code, rate FROM currency WHERE code = 'EUR';

UPDATE currency SET code = NULL;

UPDATE seats SET seat = seat + 1;

UPDATE seats SET seat = 4 WHERE guest = 'ann';

UPDATE seats AS s SET guest = UPPER(s.guest), seat = s.seat * 10 WHERE s.seat > 1;

SELECT p.id, p.amount * c.rate AS usd FROM payment p JOIN currency c ON p.code = c.code ORDER BY p.id;

SELECT p.id, c.rate FROM payment p LEFT JOIN currency c ON p.code = c.code ORDER BY p.id;

SELECT code, rate FROM currency WHERE code = 'EUR' EMIT STREAM;

DELETE FROM payment WHERE id = 1;

INSERT INTO currency SELECT code, amount FROM payment;

DELETE FROM tags WHERE tag = 'a';

SELECT * FROM tags;

SELECT rate FROM currency WHERE code = 'CHF';

SELECT rate, code FROM currency WHERE 'XXX' = code;

SELECT code, SUM(rate) AS total FROM currency GROUP BY code;
