# sql-tests basic/system_tables.sqlt. The sys tables are declared as the engine would.
!system CREATE STREAM queries (id VARCHAR, state VARCHAR, kind VARCHAR, statement VARCHAR);
!system CREATE STREAM streams (name VARCHAR, detail VARCHAR);
!system CREATE STREAM tables (name VARCHAR, detail VARCHAR);
!system CREATE STREAM functions (name VARCHAR, kind VARCHAR);
!system CREATE STREAM materialized_views (name VARCHAR, detail VARCHAR);
CREATE STREAM clicks (page VARCHAR, ts TIMESTAMP NOT NULL, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);
CREATE TABLE pages (page VARCHAR NOT NULL, title VARCHAR, PRIMARY KEY (page));

SELECT name, detail FROM sys.streams;

SELECT name FROM sys.tables;

SELECT COUNT(*) FROM sys.functions WHERE name = 'TUMBLE';

CREATE MATERIALIZED VIEW per_page AS SELECT page, COUNT(*) AS n FROM clicks GROUP BY page;

SELECT id, state FROM sys.queries;

SELECT s.name, v.name FROM sys.streams s, sys.materialized_views v;

SELECT * FROM sys.queries EMIT STREAM;

SELECT STREAM * FROM sys.queries;
