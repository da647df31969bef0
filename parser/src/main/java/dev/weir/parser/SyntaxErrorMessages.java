package dev.weir.parser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what JavaCC knows at a syntax error (the token found, the token kinds that could have come
 * there) into one readable sentence: what was found, and a short list of what could come instead.
 *
 * <p>JavaCC lists every token that could start the next production, which after {@code SELECT} is
 * two hundred keywords. People need the few that matter: punctuation, names, values, and the
 * keywords that shape a statement. The rest is summarized: where an expression may start, "an
 * expression" stands for its literals, functions and prefix operators; where an operator may come,
 * "an operator" stands for all of them; where a type must come, "a data type" for the type names.
 */
final class SyntaxErrorMessages {
    /** Most a message lists before it says "...". */
    static final int MAX_LISTED = 8;

    /** Fewest operators that are summarized as "an operator" rather than listed. */
    private static final int MIN_OPERATORS_SUMMARIZED = 4;

    /** Fewest type names that are summarized as "a data type" rather than listed. */
    private static final int MIN_TYPES_SUMMARIZED = 5;

    private static final Map<String, String> CATEGORIES =
            Map.ofEntries(
                    Map.entry("<IDENTIFIER>", "a name"),
                    Map.entry("<QUOTED_IDENTIFIER>", "a name"),
                    Map.entry("<BACK_QUOTED_IDENTIFIER>", "a name"),
                    Map.entry("<BIG_QUERY_BACK_QUOTED_IDENTIFIER>", "a name"),
                    Map.entry("<HYPHENATED_IDENTIFIER>", "a name"),
                    Map.entry("<BRACKET_QUOTED_IDENTIFIER>", "a name"),
                    Map.entry("<UNICODE_QUOTED_IDENTIFIER>", "a name"),
                    Map.entry("<UNSIGNED_INTEGER_LITERAL>", "a number"),
                    Map.entry("<APPROX_NUMERIC_LITERAL>", "a number"),
                    Map.entry("<DECIMAL_NUMERIC_LITERAL>", "a number"),
                    Map.entry("<QUOTED_STRING>", "a string"),
                    Map.entry("<PREFIXED_STRING_LITERAL>", "a string"),
                    Map.entry("<UNICODE_STRING_LITERAL>", "a string"),
                    Map.entry("<C_STYLE_ESCAPED_STRING_LITERAL>", "a string"),
                    Map.entry("<BINARY_STRING_LITERAL>", "a string"),
                    Map.entry("<EOF>", "end of input"));

    /** Punctuation in the order a reader looks for it; any other comes after, sorted. */
    private static final List<String> PUNCTUATION_ORDER =
            List.of("')'", "','", "'('", "';'", "'.'", "'='", "'*'");

    /** Tokens that only ever continue an expression: binary operators and their like. */
    private static final Set<String> OPERATORS =
            Set.of(
                    "'!='",
                    "'<>'",
                    "'%'",
                    "'&'",
                    "'*'",
                    "'+'",
                    "'-'",
                    "'/'",
                    "'<'",
                    "'<='",
                    "'>'",
                    "'>='",
                    "'='",
                    "'||'",
                    "'^'",
                    "'|'",
                    "'<<'",
                    "'>>'",
                    "'::'",
                    "':'",
                    "'->'",
                    "'=>'",
                    "'['",
                    "'<=>'",
                    "IN",
                    "BETWEEN",
                    "LIKE",
                    "ILIKE",
                    "RLIKE",
                    "SIMILAR",
                    "IS",
                    "MEMBER",
                    "SUBMULTISET",
                    "CONTAINS",
                    "OVERLAPS",
                    "EQUALS",
                    "PRECEDES",
                    "SUCCEEDS",
                    "IMMEDIATELY",
                    "AND",
                    "OR",
                    "NOT",
                    "FORMAT");

    /** Tokens that can start an expression, said by "an expression" where one may come. */
    private static final Set<String> EXPRESSION_STARTS =
            Set.of("'('", "'+'", "'-'", "'?'", "NOT", "NULL", "EXISTS");

    private static final Set<String> TYPE_NAMES =
            Set.of(
                    "ANY",
                    "BIGINT",
                    "BINARY",
                    "BOOLEAN",
                    "CHAR",
                    "CHARACTER",
                    "DATE",
                    "DEC",
                    "DECIMAL",
                    "DOUBLE",
                    "FLOAT",
                    "INT",
                    "INTEGER",
                    "INTERVAL",
                    "NUMERIC",
                    "REAL",
                    "ROW",
                    "SMALLINT",
                    "TIME",
                    "TIMESTAMP",
                    "TINYINT",
                    "UNSIGNED",
                    "UUID",
                    "VARBINARY",
                    "VARCHAR",
                    "VARIANT",
                    "MAP",
                    "ARRAY",
                    "MULTISET");

    /**
     * Keywords that shape statements and clauses, in the order a reader looks for them. Listed
     * before any other keyword, and the only keywords kept where an expression could also come.
     */
    private static final List<String> STRUCTURAL_KEYWORDS =
            List.of(
                    "FROM",
                    "WHERE",
                    "GROUP",
                    "BY",
                    "HAVING",
                    "WINDOW",
                    "ORDER",
                    "LIMIT",
                    "OFFSET",
                    "FETCH",
                    "UNION",
                    "EXCEPT",
                    "INTERSECT",
                    "AS",
                    "ON",
                    "USING",
                    "JOIN",
                    "SELECT",
                    "VALUES",
                    "TABLE",
                    "WITH",
                    "STREAM",
                    "VIEW",
                    "MATERIALIZED",
                    "EMIT",
                    "AFTER",
                    "WATERMARK",
                    "DELAY",
                    "CHANGES",
                    "FINAL",
                    "AND",
                    "OR",
                    "NOT",
                    "NULL",
                    "FOR",
                    "QUERY",
                    "INTO",
                    "SET",
                    "DISTINCT",
                    "ALL",
                    "PRIMARY",
                    "KEY",
                    "IF",
                    "EXISTS");

    private SyntaxErrorMessages() {}

    /**
     * The message for a syntax error.
     *
     * @param found the text of the token found, or null at the end of input
     * @param expectedImages JavaCC's images of the tokens that could have come there
     */
    static String unexpectedToken(String found, List<String> expectedImages) {
        String foundText = found == null ? "end of input" : "'" + abbreviate(found) + "'";
        if (found != null && isExpectedOperator(found, expectedImages)) {
            // An operator could come here, and one did: JavaCC looked past it, found no operand,
            // and blamed the operator. Say what is wrong, not that an operator is expected.
            return "Syntax error at " + foundText + ": expected an operand after it.";
        }
        List<String> expected = summarize(expectedImages);
        if (expected.isEmpty()) {
            return "Syntax error at " + foundText + ".";
        }
        String list = join(expected);
        return "Syntax error at "
                + foundText
                + ": expected "
                + list
                + (list.endsWith("...") ? "" : ".");
    }

    static List<String> summarize(List<String> images) {
        Set<String> categories = new LinkedHashSet<>();
        Set<String> punctuation = new LinkedHashSet<>();
        Set<String> keywords = new LinkedHashSet<>();
        for (String image : images) {
            String category = CATEGORIES.get(image);
            if (category != null) {
                categories.add(category);
            } else if (image.length() > 2 && image.startsWith("\"") && image.endsWith("\"")) {
                String token = image.substring(1, image.length() - 1);
                if (token.equals("/*+")) {
                    continue; // a hint opener: never what the user meant to type
                }
                if (Character.isLetter(token.charAt(0))) {
                    keywords.add(token.toUpperCase(Locale.ROOT));
                } else {
                    punctuation.add("'" + token + "'");
                }
            }
            // Other images (<LBRACE_D> and the like, JDBC escapes) mean nothing to a reader.
        }
        boolean expression = categories.contains("a number") && categories.contains("a string");
        boolean operator = countIn(OPERATORS, punctuation) >= MIN_OPERATORS_SUMMARIZED;
        boolean type = !expression && countIn(TYPE_NAMES, keywords) >= MIN_TYPES_SUMMARIZED;
        if (expression) {
            punctuation.removeAll(EXPRESSION_STARTS);
            keywords.removeAll(EXPRESSION_STARTS);
        }
        if (operator) {
            punctuation.removeAll(OPERATORS);
            keywords.removeAll(OPERATORS);
        }
        if (type) {
            keywords.removeAll(TYPE_NAMES);
            categories.remove("a name");
        }

        List<String> result = new ArrayList<>();
        if (expression) {
            result.add("an expression");
        } else if (type) {
            result.add("a data type");
        }
        if (!expression) {
            categories.stream().filter(c -> !c.equals("end of input")).forEach(result::add);
        }
        for (String mark : PUNCTUATION_ORDER) {
            if (punctuation.remove(mark)) {
                result.add(mark);
            }
        }
        new TreeSet<>(punctuation).forEach(result::add);
        if (operator) {
            result.add("an operator");
        }
        for (String keyword : STRUCTURAL_KEYWORDS) {
            if (keywords.remove(keyword)) {
                result.add(keyword);
            }
        }
        if (!expression) {
            new TreeSet<>(keywords).forEach(result::add);
        }
        if (categories.contains("end of input")) {
            result.add("end of input");
        }
        if (result.size() > MAX_LISTED) {
            List<String> cut = new ArrayList<>(result.subList(0, MAX_LISTED));
            cut.add("...");
            return cut;
        }
        return result;
    }

    private static boolean isExpectedOperator(String found, List<String> expectedImages) {
        String upper = found.toUpperCase(Locale.ROOT);
        String asListed = Character.isLetter(found.charAt(0)) ? upper : "'" + found + "'";
        return OPERATORS.contains(asListed) && expectedImages.contains("\"" + upper + "\"");
    }

    private static int countIn(Set<String> set, Set<String> items) {
        int count = 0;
        for (String item : items) {
            if (set.contains(item)) {
                count++;
            }
        }
        return count;
    }

    private static String join(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        if (items.get(items.size() - 1).equals("...")) {
            return "one of: " + String.join(", ", items);
        }
        return "one of: "
                + String.join(", ", items.subList(0, items.size() - 1))
                + " or "
                + items.get(items.size() - 1);
    }

    private static String abbreviate(String token) {
        String oneLine = token.replace('\n', ' ');
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }
}
