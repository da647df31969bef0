package dev.weir.sqltests.oracle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a failure ready to paste into a {@code .sqlt} regression test. */
final class Report {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private Report() {}

    static String describe(Failure f, boolean shrunk) {
        StringBuilder b = new StringBuilder();
        OracleQuery q = f.oracleQuery();
        b.append("=== ")
                .append(f.kind())
                .append(" [")
                .append(f.realization())
                .append("] shape=")
                .append(q.shape())
                .append(" seed=")
                .append(f.seed())
                .append(" round=")
                .append(f.round())
                .append(" query=")
                .append(f.query())
                .append(shrunk ? " (shrunk)" : "")
                .append('\n');
        f.knownBug()
                .ifPresent(
                        bug ->
                                b.append("known bug: ")
                                        .append(bug.id())
                                        .append(" (")
                                        .append(bug.summary())
                                        .append(")\n"));
        if (!shrunk) {
            b.append("weir:   ").append(q.weirStatement(f.realization(), "mv")).append('\n');
            return b.toString();
        }
        b.append("duckdb: ").append(q.duckSql(f.input(), f.realization())).append('\n');
        b.append("--- .sqlt ---\n").append(sqlt(f)).append("--- actual ---\n");
        if (f.actual() instanceof Outcome.Answer a) {
            for (String row : a.rows()) {
                b.append("> ").append(sqltRow(row, q)).append('\n');
            }
            for (String v : a.violations()) {
                b.append("! ").append(v).append('\n');
            }
        } else if (f.actual() instanceof Outcome.Internal i) {
            b.append("! ").append(i.message()).append('\n');
        } else if (f.actual() instanceof Outcome.Refused r) {
            b.append("! refused ").append(r.code()).append(": ").append(r.message()).append('\n');
        }
        return b.toString();
    }

    /** The failure as a script: DDL, views, input, the statement, and the expected rows. */
    static String sqlt(Failure f) {
        OracleQuery q = f.oracleQuery();
        OracleInput input = f.input();
        Realization r = f.realization();
        StringBuilder b = new StringBuilder();
        b.append("# oracle seed ")
                .append(f.seed())
                .append(" round ")
                .append(f.round())
                .append(" query ")
                .append(f.query())
                .append(", ")
                .append(r)
                .append('\n');
        for (Relation rel : input.relations()) {
            b.append(rel.weirDdl()).append(";\n");
        }
        for (String view : q.weirSetup()) {
            b.append(view).append(";\n");
        }
        boolean view = r == Realization.VIEW || r == Realization.VIEW_RESTART;
        if (view) {
            b.append(q.weirStatement(r, "mv")).append(";\n");
        }
        for (Relation rel : input.relations()) {
            int n = input.rowsOf(rel.name()).size();
            int half = r == Realization.VIEW_RESTART ? n / 2 : n;
            for (String insert : input.weirInserts(rel.name(), 0, half)) {
                b.append(insert).append(";\n");
            }
        }
        if (r == Realization.VIEW_RESTART) {
            b.append("!restart\n");
            for (Relation rel : input.relations()) {
                int n = input.rowsOf(rel.name()).size();
                for (String insert : input.weirInserts(rel.name(), n / 2, n)) {
                    b.append(insert).append(";\n");
                }
            }
        }
        b.append(view ? "SELECT * FROM mv" : q.weirStatement(r, "mv")).append(";\n");
        if (r == Realization.STREAM || r == Realization.FINAL || r == Realization.DELAY) {
            b.append("# expected: the changelog folded to these rows\n");
        }
        if (f.kind().equals("MISMATCH")) {
            if (f.expected().isEmpty()) {
                b.append("> (no rows)\n");
            }
            for (String row : f.expected()) {
                b.append("> ").append(sqltRow(row, q)).append('\n');
            }
        } else if (f.kind().equals("NOT_REFUSED")) {
            b.append("> ERROR UNSUPPORTED_STREAMING_QUERY\n");
        } else {
            b.append("# expected: no ").append(f.kind()).append('\n');
        }
        return b.toString();
    }

    /** A canonical row in the scripts' notation (timestamps as text, strings unquoted). */
    static String sqltRow(String canonical, OracleQuery q) {
        String[] values = canonical.split(" \\| ", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Expr.Type type =
                    i < q.select().items().size()
                            ? q.select().items().get(i).expr().type()
                            : Expr.Type.VARCHAR;
            out.add(sqltValue(values[i], type));
        }
        return String.join(" | ", out);
    }

    private static String sqltValue(String v, Expr.Type type) {
        if (v.equals("NULL")) {
            return v;
        }
        if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
            return v.substring(1, v.length() - 1);
        }
        try {
            if (type == Expr.Type.TIMESTAMP) {
                long ms = Long.parseLong(v);
                Instant t = Instant.ofEpochMilli(ms);
                return Math.floorMod(ms, 1000) == 0 ? SECONDS.format(t) : MILLIS.format(t);
            }
            if (type == Expr.Type.DATE) {
                return LocalDate.ofEpochDay(Long.parseLong(v)).toString();
            }
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }
}
