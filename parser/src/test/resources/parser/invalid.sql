-- SYNTAX_ERROR 1:1: Syntax error at 'SELEC': a statement starts with SELECT, VALUES, WITH, INSERT, CREATE, DROP, SHOW, DESCRIBE, EXPLAIN or CANCEL.
SELEC a FROM t
==
-- SYNTAX_ERROR 1:8: Syntax error at 'FROM': expected one of: an expression, '*', STREAM, DISTINCT or ALL.
SELECT FROM t
==
-- SYNTAX_ERROR 1:14
SELECT a FROM
==
-- SYNTAX_ERROR 1:22: Syntax error at end of input: expected an expression.
SELECT a FROM t WHERE
==
-- SYNTAX_ERROR 1:11
SELECT a, FROM t
==
-- SYNTAX_ERROR 1:23
SELECT a FROM t GROUP a
==
-- SYNTAX_ERROR 1:23
SELECT a FROM t ORDER a
==
-- SYNTAX_ERROR 1:23: Syntax error at end of input: expected one of: ')', ',', NOT, NULL, PRIMARY, ARRAY, MULTISET or UNSIGNED.
CREATE STREAM s (a INT
==
-- SYNTAX_ERROR 1:24
CREATE STREAM s (a INT,)
==
-- SYNTAX_ERROR 1:17
CREATE STREAM s a INT
==
-- SYNTAX_ERROR 1:69
CREATE STREAM s (a INT, WATERMARK FOR a AS a - INTERVAL '1' SECOND, WATERMARK FOR a AS a)
==
-- SYNTAX_ERROR 1:31
CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS ts)
==
-- SYNTAX_ERROR 1:25
CREATE STREAM s (a INT, PRIMARY KEY (a))
==
-- SYNTAX_ERROR 1:43
CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))
==
-- DUPLICATE_OPTION 1:42
CREATE STREAM s (a INT) WITH ('k' = 'v', 'k' = 'w')
==
-- SYNTAX_ERROR 1:31
CREATE STREAM s (a INT) WITH (k = 'v')
==
-- SYNTAX_ERROR 1:38
CREATE STREAM s (a INT) WITH ('k' 'v')
==
-- NOT_SUPPORTED 1:1
CREATE OR REPLACE STREAM s (a INT)
==
-- NOT_SUPPORTED 1:1
CREATE OR REPLACE TABLE t (a INT)
==
-- NOT_SUPPORTED 1:1
CREATE OR REPLACE MATERIALIZED VIEW mv AS SELECT a FROM t
==
-- EMIT_NOT_ALLOWED 1:34
CREATE VIEW v AS SELECT a FROM t EMIT STREAM
==
-- SYNTAX_ERROR 1:29
CREATE MATERIALIZED VIEW mv SELECT a FROM t
==
-- SYNTAX_ERROR 1:6
DROP STREAMS s
==
-- SYNTAX_ERROR 1:19
DROP MATERIALIZED s
==
-- SYNTAX_ERROR 1:14
DROP VIEW IF s
==
-- EMIT_NOT_ALLOWED 1:26
INSERT INTO s VALUES (1) EMIT STREAM
==
-- SYNTAX_ERROR 1:8
INSERT s VALUES (1)
==
-- EMIT_NOT_ALLOWED 1:32: EMIT is allowed only at the end of a top-level query or of a materialized view definition.
SELECT a FROM (SELECT a FROM t EMIT STREAM)
==
-- SYNTAX_ERROR 1:29
SELECT a FROM t EMIT STREAM WHERE a > 1
==
-- SYNTAX_ERROR 1:21: Syntax error at end of input: expected one of: ON, STREAM, AFTER, CHANGES or FINAL.
SELECT a FROM t EMIT
==
-- SYNTAX_ERROR 1:29
SELECT a FROM t EMIT STREAM STREAM
==
-- SYNTAX_ERROR 1:27
SELECT a FROM t EMIT AFTER
==
-- SYNTAX_ERROR 1:33
SELECT a FROM t EMIT AFTER DELAY
==
-- SYNTAX_ERROR 1:34
SELECT a FROM t EMIT AFTER DELAY 5
==
-- INVALID_OPTION 1:34
SELECT a FROM t EMIT AFTER DELAY INTERVAL '1' MONTH
==
-- INVALID_OPTION 1:35: Unknown EMIT option 'FOO'; the options are SNAPSHOT and ALLOWED_LATENESS.
SELECT a FROM t EMIT STREAM WITH (FOO = 1)
==
-- DUPLICATE_OPTION 1:52
SELECT a FROM t EMIT STREAM WITH (SNAPSHOT = TRUE, SNAPSHOT = FALSE)
==
-- INVALID_OPTION 1:46
SELECT a FROM t EMIT STREAM WITH (SNAPSHOT = 5)
==
-- INVALID_OPTION 1:54
SELECT a FROM t EMIT STREAM WITH (ALLOWED_LATENESS = 'x')
==
-- INVALID_OPTION 1:54
SELECT a FROM t EMIT STREAM WITH (ALLOWED_LATENESS = INTERVAL '1' YEAR)
==
-- SYNTAX_ERROR 1:31
SELECT a FROM t EMIT ON WINDOW
==
-- SYNTAX_ERROR 1:6: Syntax error at 'STREAM': SHOW is followed by STREAMS, TABLES, VIEWS, MATERIALIZED VIEWS, QUERIES or FUNCTIONS.
SHOW STREAM
==
-- SYNTAX_ERROR 1:5
SHOW
==
-- SYNTAX_ERROR 1:14
CANCEL QUERY q1
==
-- SYNTAX_ERROR 1:8
CANCEL q1
==
-- SYNTAX_ERROR 1:9
DESCRIBE
==
-- SYNTAX_ERROR 1:8: Unterminated string literal: the quote opened here is never closed.
SELECT 'abc FROM t
==
-- SYNTAX_ERROR 1:8
SELECT "abc FROM t
==
-- SYNTAX_ERROR 1:10
SELECT a /* never closed FROM t
==
-- SYNTAX_ERROR 1:8: Syntax error: unexpected character '#'.
SELECT # FROM t
==
-- SYNTAX_ERROR 3:9
SELECT a
FROM t
WHERE a >
  AND b = 1
==
-- SYNTAX_ERROR 2:1
SELECT a FROM t;
SELECT b FROM u
==
-- SYNTAX_ERROR 1:1

==
-- SYNTAX_ERROR 1:28
SELECT a FROM t EMIT FINAL AFTER WATERMARK
==
-- SYNTAX_ERROR 1:8: Syntax error at 'STREM': expected one of: TABLE, STREAM, VIEW, MATERIALIZED or OR.
CREATE STREM s (a INT)
==
-- SYNTAX_ERROR 1:6: Syntax error at 'STRAEMS': SHOW is followed by STREAMS, TABLES, VIEWS, MATERIALIZED VIEWS, QUERIES or FUNCTIONS.
SHOW STRAEMS
==
-- SYNTAX_ERROR 1:1: Syntax error at 'EXPLIAN': a statement starts with SELECT, VALUES, WITH, INSERT, CREATE, DROP, SHOW, DESCRIBE, EXPLAIN or CANCEL.
EXPLIAN SELECT 1
==
-- SYNTAX_ERROR 1:22: Syntax error at 'STRAEM': expected one of: ON, STREAM, AFTER, CHANGES or FINAL.
SELECT a FROM t EMIT STRAEM
==
-- SYNTAX_ERROR 1:15: Syntax error at 't': expected one of: ',', ';', FROM, ORDER, LIMIT, OFFSET, FETCH, UNION, ...
SELECT a FORM t
==
-- SYNTAX_ERROR 1:24: Syntax error: a query (SELECT, VALUES, WITH or TABLE) is expected here, not an expression.
INSERT INTO s VALUSE (1)
==
-- SYNTAX_ERROR 1:16: Syntax error at 'FROM': expected one of: ')', ',', '(', '.', an operator, ORDER, LIMIT, OFFSET, ...
SELECT COUNT(a FROM t
==
-- SYNTAX_ERROR 1:80: Syntax error at end of input: expected ')'.
SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '1' MINUTE)
==
-- SYNTAX_ERROR 1:27
INSERT INTO s VALUES (1, 2
==
-- SYNTAX_ERROR 1:24: Syntax error at 'b': expected one of: ')', ',', NOT, NULL, PRIMARY, ARRAY, MULTISET or UNSIGNED.
CREATE STREAM s (a INT b INT)
==
-- SYNTAX_ERROR 1:12
SELECT a b c FROM t
==
-- SYNTAX_ERROR 1:38
SELECT * FROM TABLE(TUMBLE(TABLE bid DESCRIPTOR(bidtime), INTERVAL '1' MINUTE))
==
-- SYNTAX_ERROR 1:19: Syntax error at ')': expected one of: a data type or AS.
CREATE STREAM s (a)
==
-- SYNTAX_ERROR 1:25: Syntax error at '>': expected an operand after it.
SELECT a FROM t WHERE a > )
==
-- EMIT_NOT_ALLOWED 1:45
SELECT a FROM t WHERE a IN (SELECT a FROM u EMIT STREAM)
==
-- EMIT_NOT_ALLOWED 1:28
WITH x AS (SELECT a FROM t EMIT STREAM) SELECT a FROM x
==
-- EMIT_NOT_ALLOWED 1:40
EXPLAIN SELECT a FROM (SELECT a FROM t EMIT STREAM)
==
-- EMIT_NOT_ALLOWED 1:31: EMIT is allowed only at the end of a top-level query or of a materialized view definition, not after an INSERT (its query runs until cancelled anyway).
INSERT INTO s SELECT a FROM t EMIT STREAM
==
-- EMIT_NOT_ALLOWED 1:34: EMIT is allowed only at the end of a top-level query or of a materialized view definition, not in a CREATE VIEW (a view is expanded where it is used).
CREATE VIEW v AS SELECT a FROM t EMIT FINAL
==
-- EMIT_NOT_ALLOWED 1:25
CREATE STREAM s (a INT) EMIT STREAM
==
-- EMIT_NOT_ALLOWED 1:14
SHOW STREAMS EMIT STREAM
==
-- EMIT_NOT_ALLOWED 1:60: EMIT is allowed only at the end of a top-level query or of a materialized view definition, not a second time (a statement has at most one EMIT clause).
CREATE MATERIALIZED VIEW mv AS SELECT a FROM t EMIT STREAM EMIT STREAM
==
-- EMIT_NOT_ALLOWED 1:36
EXPLAIN SELECT a FROM t EMIT FINAL EMIT FINAL
==
-- SYNTAX_ERROR 1:29: Syntax error at 'UNION': expected one of: ';', WITH, AFTER or end of input.
SELECT a FROM t EMIT STREAM UNION ALL SELECT a FROM u
==
-- SYNTAX_ERROR 1:29
SELECT a FROM t EMIT STREAM ORDER BY a
==
-- SYNTAX_ERROR 1:30: Syntax error at 'AFTER': expected one of: ';', WITH or end of input.
SELECT a FROM t EMIT CHANGES AFTER WATERMARK
==
-- SYNTAX_ERROR 1:48: Syntax error at 'WATERMARK': expected DELAY.
SELECT a FROM t EMIT AFTER WATERMARK AND AFTER WATERMARK
==
-- SYNTAX_ERROR 1:64: Syntax error at 'DELAY': expected WATERMARK.
SELECT a FROM t EMIT AFTER DELAY INTERVAL '1' SECOND AND AFTER DELAY INTERVAL '2' SECOND
==
-- SYNTAX_ERROR 1:45: Syntax error at 'AFTER': expected one of: ';', WITH, AND or end of input.
SELECT a FROM t EMIT STREAM AFTER WATERMARK AFTER DELAY INTERVAL '1' SECOND
==
-- SYNTAX_ERROR 1:22: Syntax error at 'WITH': expected one of: ON, STREAM, AFTER, CHANGES or FINAL.
SELECT a FROM t EMIT WITH (SNAPSHOT = TRUE)
==
-- SYNTAX_ERROR 1:35: Syntax error at ')': expected a name.
SELECT a FROM t EMIT STREAM WITH ()
==
-- SYNTAX_ERROR 1:44: Syntax error at 'TRUE': expected '='.
SELECT a FROM t EMIT STREAM WITH (SNAPSHOT TRUE)
==
-- DUPLICATE_OPTION 1:52: Option 'SNAPSHOT' is given more than once.
SELECT a FROM t EMIT STREAM WITH (snapshot = true, SNAPSHOT = false)
==
-- DUPLICATE_OPTION 1:75: Option 'ALLOWED_LATENESS' is given more than once.
SELECT a FROM t EMIT STREAM WITH (ALLOWED_LATENESS = INTERVAL '1' SECOND, ALLOWED_LATENESS = INTERVAL '2' SECOND)
==
-- INVALID_OPTION 1:46: EMIT option SNAPSHOT takes TRUE or FALSE.
SELECT a FROM t EMIT STREAM WITH (SNAPSHOT = 'true')
==
-- INVALID_OPTION 1:46: EMIT option SNAPSHOT takes TRUE or FALSE.
SELECT a FROM t EMIT STREAM WITH (SNAPSHOT = NULL)
==
-- INVALID_OPTION 1:54: ALLOWED_LATENESS takes a day-time interval literal such as INTERVAL '1' MINUTE; months and years have no fixed length.
SELECT a FROM t EMIT STREAM WITH (ALLOWED_LATENESS = 5)
==
-- INVALID_OPTION 1:54: ALLOWED_LATENESS takes a day-time interval literal such as INTERVAL '1' MINUTE; months and years have no fixed length.
SELECT a FROM t EMIT STREAM WITH (ALLOWED_LATENESS = INTERVAL '1' MONTH)
==
-- INVALID_OPTION 1:34: AFTER DELAY takes a day-time interval literal such as INTERVAL '1' MINUTE; months and years have no fixed length.
SELECT a FROM t EMIT AFTER DELAY INTERVAL '1' YEAR
==
-- INVALID_OPTION 1:41
SELECT a FROM t EMIT STREAM AFTER DELAY INTERVAL '1-2' YEAR TO MONTH
==
-- INVALID_OPTION 1:34: AFTER DELAY takes an interval that is not negative.
SELECT a FROM t EMIT AFTER DELAY INTERVAL '-1' SECOND
==
-- SYNTAX_ERROR 1:51
SELECT a FROM t EMIT AFTER DELAY INTERVAL '1' DAY + INTERVAL '1' HOUR
==
-- SYNTAX_ERROR 1:18: A stream has no PRIMARY KEY: it is append-only. Use CREATE TABLE for a keyed relation.
CREATE STREAM s (a INT PRIMARY KEY)
==
-- SYNTAX_ERROR 1:25: A stream has no PRIMARY KEY: it is append-only. Use CREATE TABLE for a keyed relation.
CREATE STREAM s (a INT, PRIMARY KEY (a) NOT ENFORCED)
==
-- SYNTAX_ERROR 1:36: A table has at most one PRIMARY KEY.
CREATE TABLE t (a INT PRIMARY KEY, b INT PRIMARY KEY)
==
-- SYNTAX_ERROR 1:31: WATERMARK is allowed only in CREATE STREAM; a table has no event time.
CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS ts, PRIMARY KEY (ts))
==
-- SYNTAX_ERROR 3:3: A stream has at most one WATERMARK.
CREATE STREAM s (ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts,
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
==
-- DUPLICATE_OPTION 1:58: Option 'k' is given more than once.
CREATE TABLE t (a INT, PRIMARY KEY (a)) WITH ('k' = 'v', 'k' = 'v')
==
-- SYNTAX_ERROR 1:40: Syntax error at 'ENFORCED': expected one of: ')', ',' or NOT.
CREATE TABLE t (a INT, PRIMARY KEY (a) ENFORCED)
==
-- SYNTAX_ERROR 1:18
CREATE STREAM IF EXISTS s (a INT)
==
-- NOT_SUPPORTED 1:1: OR REPLACE is supported for CREATE VIEW only, not for CREATE STREAM.
CREATE OR REPLACE STREAM IF NOT EXISTS s (a INT)
==
-- NOT_SUPPORTED 1:1: OR REPLACE is supported for CREATE VIEW only, not for CREATE MATERIALIZED VIEW.
CREATE OR REPLACE MATERIALIZED VIEW mv AS SELECT 1
==
-- SYNTAX_ERROR 1:6: Syntax error at 's': expected one of: TABLE, STREAM, VIEW or MATERIALIZED.
DROP s
==
-- SYNTAX_ERROR 1:19: Syntax error at 'VIEWS': expected VIEW.
DROP MATERIALIZED VIEWS mv
==
-- SYNTAX_ERROR 1:18: Syntax error at end of input: expected VIEWS.
SHOW MATERIALIZED
==
-- SYNTAX_ERROR 1:19: Syntax error at 'x': expected a string.
SHOW STREAMS LIKE x
==
-- SYNTAX_ERROR 1:14: Syntax error at '1': expected a string.
CANCEL QUERY 1
==
-- SYNTAX_ERROR 1:14: Syntax error at 'SELECT': expected FOR.
EXPLAIN PLAN SELECT 1
==
-- SYNTAX_ERROR 1:9
EXPLAIN CREATE STREAM s (a INT)
==
-- SYNTAX_ERROR 1:8: Unterminated string literal: the quote opened here is never closed.
SELECT 'it''s
==
-- SYNTAX_ERROR 1:15: Unterminated quoted identifier: the double quote opened here is never closed.
SELECT a FROM "t
==
-- SYNTAX_ERROR 3:11: Unterminated string literal: the quote opened here is never closed.
SELECT a
FROM t
WHERE b = 'never
closed
==
-- SYNTAX_ERROR 2:1: Unterminated comment: the '/*' here is never closed by '*/'.
SELECT a FROM t
/* open
comment
==
-- SYNTAX_ERROR 1:27: Syntax error: unexpected character '@'.
SELECT a FROM t WHERE a = @x
==
-- SYNTAX_ERROR 1:8: Syntax error: unexpected character '`'.
SELECT ` FROM t
==
-- SYNTAX_ERROR 1:1: The statement is empty.
-- only a comment
==
-- SYNTAX_ERROR 1:1: The statement is empty.
;
==
-- SYNTAX_ERROR 1:11: Only one statement is expected here, but a second one starts here.
SELECT 1; SELECT 2
==
-- SYNTAX_ERROR 3:3: Only one statement is expected here, but a second one starts here.
SELECT 1;
-- the next one is one too many
  SELECT 2;
==
-- SYNTAX_ERROR 3:12: Syntax error at ',': expected NULL.
CREATE STREAM s (
  a INT,
  b INT NOT,
  c INT
)
==
-- SYNTAX_ERROR 3:9: Syntax error at 'a': expected BY.
SELECT a, COUNT(*)
FROM t
  GROUP a
==
-- SYNTAX_ERROR 1:23: Syntax error at ')': expected an expression.
SELECT	a	FROM	t	WHERE	)
