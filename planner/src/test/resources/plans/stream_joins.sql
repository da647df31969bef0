# sql-tests joins/stream_joins.sqlt.
CREATE STREAM person (id BIGINT NOT NULL, name VARCHAR, city VARCHAR);
CREATE STREAM auction (id BIGINT NOT NULL, seller BIGINT, item VARCHAR, reserve INT);

SELECT p.name, a.item FROM person p JOIN auction a ON p.id = a.seller ORDER BY a.item;

SELECT p.name, a.item FROM person p, auction a WHERE p.id = a.seller AND a.reserve > 6 ORDER BY a.item;

SELECT p.name, a.item FROM person p LEFT JOIN auction a ON p.id = a.seller ORDER BY p.name, a.item;

SELECT p.name, a.item FROM person p RIGHT JOIN auction a ON p.id = a.seller ORDER BY a.item;

SELECT p.name, a.item FROM person p FULL JOIN auction a ON p.id = a.seller AND a.reserve < 8
ORDER BY p.name, a.item;

SELECT a.item FROM auction a JOIN person p ON a.reserve = p.id;

SELECT p.city, COUNT(*) AS auctions FROM person p JOIN auction a ON p.id = a.seller GROUP BY p.city;

SELECT p.name, a.item FROM person p LEFT JOIN auction a ON p.id = a.seller WHERE p.id = 3;

SELECT p.name, a.item FROM person p LEFT JOIN auction a ON p.id = a.seller WHERE p.id = 3 EMIT STREAM;

SELECT p.name, a.item FROM person p JOIN auction a ON p.id = a.seller AND a.reserve > p.id;

SELECT p.name, a.item FROM person p CROSS JOIN auction a;

SELECT p.name FROM person p JOIN auction a ON p.id IS NOT DISTINCT FROM a.seller;

SELECT name FROM person WHERE id IN (SELECT seller FROM auction WHERE reserve > 6);

SELECT name FROM person p WHERE EXISTS (SELECT 1 FROM auction a WHERE a.seller = p.id AND a.reserve < 6);

SELECT name FROM person p WHERE NOT EXISTS (SELECT 1 FROM auction a WHERE a.seller = p.id);

SELECT item FROM auction a WHERE a.seller NOT IN (SELECT id FROM person WHERE city = 'Oslo');

SELECT name, (SELECT COUNT(*) FROM auction a WHERE a.seller = p.id) AS auctions FROM person p;

SELECT name, (SELECT item FROM auction a WHERE a.seller = p.id) AS one_item FROM person p;

SELECT name FROM person UNION ALL SELECT item FROM auction;

SELECT city, COUNT(*) AS n FROM person GROUP BY city UNION ALL SELECT item, COUNT(*) FROM auction GROUP BY item;

SELECT name FROM person UNION SELECT item FROM auction;

SELECT name FROM person INTERSECT SELECT item FROM auction;

SELECT name FROM person EXCEPT SELECT item FROM auction;

SELECT name, ROW_NUMBER() OVER (PARTITION BY city ORDER BY id) AS r FROM person;

SELECT name FROM person WHERE city IN (SELECT city FROM person UNION SELECT item FROM auction);

SELECT name FROM person UNION ALL (SELECT name FROM person UNION SELECT item FROM auction);
