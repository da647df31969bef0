-- SYNTAX_ERROR 2:8: Syntax error at 'FROM': expected one of: an expression, '*', STREAM, DISTINCT or ALL.
SELECT a FROM t;
SELECT FROM t;
SELECT b FROM u;
==
-- SYNTAX_ERROR 4:9: Syntax error at 'STREAMS': expected one of: TABLE, STREAM, VIEW or MATERIALIZED.
CREATE STREAM s (a INT);
INSERT INTO s VALUES (1);
-- the third statement
   DROP STREAMS s;
==
-- SYNTAX_ERROR 3:15: Unterminated string literal: the quote opened here is never closed.
SELECT 1;
SELECT 2;
SELECT 'a' || 'b
==
-- SYNTAX_ERROR 1:8
SELECT FROM t;
SELECT 'never closed
==
-- EMIT_NOT_ALLOWED 2:34
SELECT a FROM t EMIT STREAM;
CREATE VIEW v AS SELECT a FROM t EMIT STREAM;
==
-- INVALID_OPTION 3:20
SELECT 1; SELECT 2;
SELECT a FROM t
EMIT   AFTER DELAY INTERVAL '1' MONTH;
==
-- DUPLICATE_OPTION 2:42
CREATE STREAM s (a INT) WITH ('k' = 'v');
CREATE STREAM u (a INT) WITH ('k' = 'v', 'k' = 'w');
==
-- SYNTAX_ERROR 2:27: Syntax error: unexpected character '#'.
SELECT 1 /* fine; */ ;
SELECT 'x;y' FROM t WHERE # > 1
==
-- SYNTAX_ERROR 5:4: Syntax error at ')': expected one of: a data type or AS.
SELECT 1;
CREATE STREAM s (
  a INT,
  b
   );
==
-- SYNTAX_ERROR 2:27: A stream has at most one WATERMARK.
SELECT "a;b" FROM t; CREATE STREAM s (ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts)
==
-- NOT_SUPPORTED 3:1
SELECT 1; -- a comment; with a semicolon
SELECT 2; /* and; another */
CREATE OR REPLACE TABLE t (a INT)
