package dev.weir.sqltests.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates SQL statements token by token: deletes, duplicates, swaps, replaces or inserts tokens
 * (keywords of the dialect, edge-case literals, other tokens of the statement), truncates, or
 * splices two statements. Seeded: the same seed gives the same statements.
 */
final class StatementMutator {
    private static final Pattern TOKEN =
            Pattern.compile(
                    "'(?:[^']|'')*'?" // a string literal, perhaps unterminated
                            + "|\"(?:[^\"]|\"\")*\"?" // a quoted identifier
                            + "|--[^\\n]*" // a comment
                            + "|\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?" // a number
                            + "|[\\p{L}_$][\\p{L}\\p{N}_$]*" // a word
                            + "|<=|>=|<>|!=|\\|\\||=>|::" // two-character operators
                            + "|\\S"); // anything else, one character

    /** Tokens a mutation puts in: the dialect's words and values at the edges of their types. */
    private static final List<String> POOL =
            List.of(
                    "SELECT",
                    "FROM",
                    "WHERE",
                    "GROUP BY",
                    "HAVING",
                    "ORDER BY",
                    "LIMIT",
                    "OFFSET",
                    "EMIT",
                    "STREAM",
                    "EMIT STREAM",
                    "AFTER WATERMARK",
                    "AFTER DELAY",
                    "EMIT FINAL",
                    "CHANGES",
                    "TABLE",
                    "TUMBLE",
                    "HOP",
                    "SESSION",
                    "CUMULATE",
                    "DESCRIPTOR",
                    "INTERVAL '1' SECOND",
                    "INTERVAL '0' SECOND",
                    "INTERVAL '-1' DAY",
                    "INTERVAL '1-2' YEAR TO MONTH",
                    "NULL",
                    "CAST(",
                    "AS",
                    "INTEGER",
                    "BIGINT",
                    "TINYINT",
                    "DECIMAL(38, 38)",
                    "DECIMAL(1, 0)",
                    "VARCHAR",
                    "CHAR(0)",
                    "DOUBLE",
                    "BOOLEAN",
                    "TIMESTAMP(3)",
                    "TIMESTAMP(9)",
                    "TIMESTAMP '1969-12-31 23:59:59.999'",
                    "TIMESTAMP '9999-12-31 23:59:59.999'",
                    "DATE '0001-01-01'",
                    "TIME '23:59:59'",
                    "JOIN",
                    "ON",
                    "LEFT",
                    "RIGHT",
                    "FULL",
                    "CROSS",
                    "NATURAL",
                    "USING",
                    "UNION",
                    "ALL",
                    "EXCEPT",
                    "INTERSECT",
                    "DISTINCT",
                    "OVER",
                    "PARTITION BY",
                    "ROWS",
                    "RANGE",
                    "PRECEDING",
                    "FOLLOWING",
                    "UNBOUNDED",
                    "CURRENT ROW",
                    "ROW_NUMBER()",
                    "RANK()",
                    "COUNT(*)",
                    "COUNT(DISTINCT",
                    "SUM(",
                    "MIN(",
                    "MAX(",
                    "AVG(",
                    "FILTER (WHERE",
                    "CASE",
                    "WHEN",
                    "THEN",
                    "ELSE",
                    "END",
                    "IS",
                    "NOT",
                    "IN",
                    "EXISTS",
                    "BETWEEN",
                    "LIKE",
                    "ESCAPE",
                    "AND",
                    "OR",
                    "*",
                    "(",
                    ")",
                    ",",
                    ".",
                    ";",
                    "=",
                    "<",
                    ">",
                    "+",
                    "-",
                    "/",
                    "%",
                    "||",
                    "?",
                    "0",
                    "-1",
                    "2147483647",
                    "2147483648",
                    "9223372036854775807",
                    "-9223372036854775808",
                    "1e308",
                    "-1e-308",
                    "1.5",
                    "0.00000000000000000000000000000000000001",
                    "''",
                    "'é'",
                    "'😀'",
                    "'\\'",
                    "'''",
                    "window_start",
                    "window_end",
                    "window_time",
                    "ts",
                    "k",
                    "x",
                    "rowtime",
                    "CREATE",
                    "VIEW",
                    "MATERIALIZED",
                    "DROP",
                    "INSERT INTO",
                    "VALUES",
                    "WITH",
                    "LATERAL",
                    "UNNEST(",
                    "ARRAY[1, 2]",
                    "ROW(1, 2)",
                    "CURRENT_TIMESTAMP",
                    "LOCALTIMESTAMP",
                    "PROCTIME()",
                    "FOR SYSTEM_TIME AS OF",
                    "EXPLAIN",
                    "SHOW QUERIES",
                    "DESCRIBE",
                    "CANCEL QUERY",
                    "SET",
                    "TRIM(BOTH",
                    "FLOOR(",
                    "CEIL(",
                    "TO",
                    "EXTRACT(",
                    "TIMESTAMPDIFF(",
                    "TIMESTAMPADD(",
                    "SUBSTRING(",
                    "POSITION(",
                    "OVERLAY(",
                    "COALESCE(",
                    "NULLIF(",
                    "ABS(",
                    "MOD(",
                    "POWER(",
                    "SQRT(",
                    "LN(",
                    "ROUND(",
                    "TRUNCATE(",
                    "CHAR_LENGTH(",
                    "UPPER(",
                    "WATERMARK FOR",
                    "PRIMARY KEY",
                    "NOT NULL",
                    "'connector'",
                    "'datagen'",
                    "'file'",
                    "'kafka'");

    private final Random random;

    StatementMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to three mutations of {@code statement}, perhaps spliced with {@code other}. */
    String mutate(String statement, String other) {
        List<String> tokens = tokens(statement);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && !tokens.isEmpty(); m++) {
            int i = random.nextInt(tokens.size());
            switch (random.nextInt(8)) {
                case 0 -> tokens.remove(i);
                case 1 -> tokens.add(i, tokens.get(i));
                case 2 -> {
                    if (i + 1 < tokens.size()) {
                        String t = tokens.get(i);
                        tokens.set(i, tokens.get(i + 1));
                        tokens.set(i + 1, t);
                    }
                }
                case 3 -> tokens.set(i, pick());
                case 4 -> tokens.add(i, pick());
                case 5 -> tokens.subList(i, tokens.size()).clear();
                case 6 -> tokens.set(i, tokens.get(random.nextInt(tokens.size())));
                default -> {
                    List<String> tail = tokens(other);
                    tokens.subList(i, tokens.size()).clear();
                    if (!tail.isEmpty()) {
                        tokens.addAll(tail.subList(random.nextInt(tail.size()), tail.size()));
                    }
                }
            }
        }
        return String.join(" ", tokens);
    }

    private String pick() {
        return POOL.get(random.nextInt(POOL.size()));
    }

    static List<String> tokens(String statement) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(statement);
        while (m.find()) {
            if (!m.group().startsWith("--")) {
                tokens.add(m.group());
            }
        }
        return tokens;
    }
}
