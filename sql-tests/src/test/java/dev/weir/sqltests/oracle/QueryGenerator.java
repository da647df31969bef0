package dev.weir.sqltests.oracle;

import dev.weir.sqltests.oracle.Expr.Type;
import dev.weir.sqltests.oracle.Select.Item;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Random queries in Weir's dialect over the generated relations, each with its reference. */
final class QueryGenerator {
    private static final String[] SHAPES = {
        "project",
        "group",
        "window",
        "window",
        "window-sets",
        "cascade",
        "attached",
        "window-rows",
        "session",
        "session-rows",
        "join-table",
        "join-stream",
        "semi-anti",
        "window-join",
        "interval-join",
        "temporal-join",
        "subquery",
        "union",
        "views",
        "top-n",
        "rank-top-n",
        "over-aggregate",
        "window-top-n",
        "probe"
    };

    /**
     * {@code -Dweir.oracle.shape=over-aggregate} generates that shape only (a focused run); a
     * comma-separated list, those shapes, each equally likely.
     */
    private static final String[] ONLY =
            System.getProperty("weir.oracle.shape", "").isEmpty()
                    ? new String[0]
                    : System.getProperty("weir.oracle.shape").split(",");

    private static final long[] SIZES = {1000, 2000, 5000, 10_000};

    private final Random random;
    private final Aggregates aggregates;
    private int index;

    QueryGenerator(Random random) {
        this.random = random;
        this.aggregates = new Aggregates(random);
    }

    OracleQuery next() {
        index++;
        String shape =
                ONLY.length == 0
                        ? SHAPES[random.nextInt(SHAPES.length)]
                        : ONLY[random.nextInt(ONLY.length)];
        return switch (shape) {
            case "project" -> project(random.nextInt(4) == 0 ? "ev2" : "ev");
            case "group" -> group();
            case "window" -> window();
            case "window-rows" -> windowRows();
            case "window-sets" -> windowSets();
            case "cascade" -> cascade();
            case "attached" -> attached();
            case "session" -> session(true);
            case "session-rows" -> session(false);
            case "join-table" -> join("dim", "t", "join-table");
            case "join-stream" -> join("ev2", "v", "join-stream");
            case "semi-anti" -> semiAnti();
            case "window-join" -> windowJoin();
            case "interval-join" -> intervalJoin();
            case "temporal-join" -> temporalJoin();
            case "subquery" -> subquery();
            case "union" -> union();
            case "views" -> views();
            case "top-n" -> topN();
            case "rank-top-n" -> rankTopN();
            case "over-aggregate" -> overAggregate();
            case "window-top-n" -> windowTopN();
            default -> probe();
        };
    }

    // ---- scopes ------------------------------------------------------------------------------

    static List<Expr> scope(Relation r, String alias, boolean withTs2) {
        List<Expr> out = new ArrayList<>();
        for (Column c : r.columns()) {
            if (!c.name().equals("ts2") || withTs2) {
                out.add(c.ref(alias));
            }
        }
        return out;
    }

    private static List<Expr> evScope(String alias) {
        return scope(InputGenerator.ev(0), alias, false);
    }

    private static List<Expr> ev2Scope(String alias) {
        return scope(InputGenerator.ev2(0), alias, false);
    }

    private static List<Expr> dimScope(String alias) {
        return scope(InputGenerator.dim(), alias, false);
    }

    private static List<Expr> withWindowColumns(List<Expr> scope, String alias) {
        List<Expr> out = new ArrayList<>(scope);
        out.add(Expr.same(alias + ".window_start", Type.TIMESTAMP));
        out.add(Expr.same(alias + ".window_end", Type.TIMESTAMP));
        return out;
    }

    /** The columns of a subquery or view: its items, by alias. */
    private static List<Expr> itemScope(Select s, String alias) {
        List<Expr> out = new ArrayList<>();
        for (Item item : s.items()) {
            Expr e = item.expr();
            // A CHAR stays a CHAR: predicates take VARCHAR columns only, since comparing a
            // blank-padded CHAR follows PAD SPACE rules that the reference does not model.
            Type t = e.type();
            String name = alias + "." + item.alias();
            out.add(new Expr(name, name, t, e.scale(), false));
        }
        return out;
    }

    // ---- pieces ------------------------------------------------------------------------------

    private List<Item> items(ExprGenerator g, int min, int max) {
        List<Item> items = new ArrayList<>();
        int n = min + random.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            items.add(new Item(g.any(random.nextInt(3)), "c" + i));
        }
        return items;
    }

    private List<Expr> conjuncts(ExprGenerator g, int max) {
        List<Expr> where = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            where.add(g.predicate(random.nextInt(3)));
        }
        return where;
    }

    /**
     * A GROUP BY key that reads a column: DuckDB takes a literal key ({@code GROUP BY -3}) for a
     * column position, where the dialect groups by the constant.
     */
    private Expr groupKey(ExprGenerator g) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Expr key = groupKey0(g);
            if (key.weir().matches(".*\\b[a-z][a-z0-9]*\\.[a-z_][a-z0-9_]*.*")) {
                return key;
            }
        }
        return g.column(Type.VARCHAR);
    }

    private Expr groupKey0(ExprGenerator g) {
        return switch (random.nextInt(6)) {
            case 0 -> g.column(Type.VARCHAR);
            case 1 -> g.column(Type.INT);
            case 2 -> g.column(Type.BOOLEAN);
            case 3 -> g.column(Type.DECIMAL);
            case 4 -> g.of(pick(Type.VARCHAR, Type.INT, Type.DECIMAL), 1);
            default -> g.column(Type.TIMESTAMP);
        };
    }

    private List<Expr> having(ExprGenerator g) {
        List<Expr> having = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            Expr agg = aggregates.next(g);
            if (agg.type().isNumeric()) {
                String op = pick(" > ", " <= ", " <> ");
                String lit =
                        agg.type() == Type.DOUBLE ? "0.0E0" : String.valueOf(random.nextInt(4));
                having.add(
                        Expr.of(
                                "(" + agg.weir() + op + lit + ")",
                                "(" + agg.duck() + op + lit + ")",
                                Type.BOOLEAN));
            } else {
                having.add(
                        Expr.of(
                                "(" + agg.weir() + " IS NOT NULL)",
                                "(" + agg.duck() + " IS NOT NULL)",
                                Type.BOOLEAN));
            }
        }
        return having;
    }

    /** A grouped SELECT over {@code from}: its keys first, then 1-4 aggregates. */
    private Select grouped(ExprGenerator g, From from, List<Expr> keys, boolean allowSets) {
        List<Item> items = new ArrayList<>();
        for (Expr k : keys) {
            items.add(new Item(k, "c" + items.size()));
        }
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            items.add(new Item(aggregates.next(g), "c" + items.size()));
        }
        String grouping = null;
        if (allowSets && !keys.isEmpty() && random.nextInt(4) == 0) {
            grouping = pick("ROLLUP", "CUBE", "SETS");
        }
        return new Select(
                items, from, conjuncts(g, 2), keys, grouping, having(g), true, List.of(), -1);
    }

    private OracleQuery query(String shape, Select s, Set<String> features) {
        return new OracleQuery(
                shape, s, List.of(), features, 0, false, false, java.util.Optional.empty());
    }

    /** The query with a predicate for ternary logic partitioning, one time in three. */
    private OracleQuery partitioned(OracleQuery q, ExprGenerator g) {
        if (random.nextInt(3) > 0 || q.select().aggregated()) {
            return q;
        }
        return new OracleQuery(
                q.shape(),
                q.select(),
                q.views(),
                q.features(),
                q.lateness(),
                q.viewAfterWatermark(),
                q.mustBeRefused(),
                java.util.Optional.of(g.predicate(random.nextInt(3))));
    }

    // ---- shapes ------------------------------------------------------------------------------

    private OracleQuery project(String stream) {
        String alias = stream.equals("ev") ? "e" : "v";
        ExprGenerator g =
                new ExprGenerator(random, stream.equals("ev") ? evScope(alias) : ev2Scope(alias));
        Select s = Select.of(items(g, 1, 4), new From.Scan(stream, alias), conjuncts(g, 2));
        return partitioned(query("project", s, Set.of()), g);
    }

    private OracleQuery group() {
        ExprGenerator g = new ExprGenerator(random, evScope("e"));
        List<Expr> keys = new ArrayList<>();
        int n = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            Expr k = groupKey(g);
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        Select s = grouped(g, new From.Scan("ev", "e"), keys, true);
        return query(keys.isEmpty() ? "global-aggregate" : "group", s, Set.of());
    }

    private From.Window alignedWindow(String stream, String alias, boolean aggregated) {
        String kind = pick("TUMBLE", "TUMBLE", "HOP", "CUMULATE");
        long size = SIZES[random.nextInt(SIZES.length)];
        long slide = 0;
        if (kind.equals("HOP")) {
            slide = pick(size / 2, size / 5, size, size * 2);
        } else if (kind.equals("CUMULATE")) {
            slide = pick(size / 2, size / 5, size);
        }
        long offset = random.nextInt(5) == 0 ? pick(500L, 1000L) : 0;
        if (offset >= Math.max(slide, 1) && kind.equals("CUMULATE")) {
            offset = 0;
        }
        return new From.Window(kind, stream, alias, "ts", size, slide, offset, null, aggregated);
    }

    private OracleQuery window() {
        From.Window w = alignedWindow("ev", "w", true);
        ExprGenerator g = new ExprGenerator(random, evScope("w"));
        List<Expr> keys = new ArrayList<>();
        if (random.nextBoolean()) {
            keys.add(g.column(pick(Type.VARCHAR, Type.INT, Type.BOOLEAN)));
        }
        Expr start = Expr.same("w.window_start", Type.TIMESTAMP);
        Expr end = Expr.same("w.window_end", Type.TIMESTAMP);
        List<Item> items = new ArrayList<>();
        for (Expr k : keys) {
            items.add(new Item(k, "c" + items.size()));
        }
        if (random.nextInt(8) > 0) {
            items.add(new Item(start, "c" + items.size()));
        }
        if (random.nextInt(4) > 0) {
            items.add(new Item(end, "c" + items.size()));
        }
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            items.add(new Item(aggregates.next(g), "c" + items.size()));
        }
        List<Expr> groupBy = new ArrayList<>(keys);
        groupBy.add(start);
        groupBy.add(end);
        List<Expr> where = random.nextBoolean() ? conjuncts(g, 2) : List.of();
        Select s = new Select(items, w, where, groupBy, null, having(g), true, List.of(), -1);
        Set<String> features = new HashSet<>();
        features.add("window-aggregate");
        if (!where.isEmpty()) {
            features.add("window-where");
        }
        long lateness = random.nextInt(4) == 0 ? pick(1000L, 3000L) : 0;
        return new OracleQuery(
                "window-" + w.kind().toLowerCase(java.util.Locale.ROOT),
                s,
                List.of(),
                features,
                lateness,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    private OracleQuery windowRows() {
        From.Window w = alignedWindow("ev", "w", false);
        ExprGenerator g = new ExprGenerator(random, withWindowColumns(evScope("w"), "w"));
        List<Item> items = new ArrayList<>();
        items.add(new Item(Expr.same("w.window_start", Type.TIMESTAMP), "c0"));
        items.add(new Item(Expr.same("w.window_end", Type.TIMESTAMP), "c1"));
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            items.add(new Item(g.any(random.nextInt(2)), "c" + items.size()));
        }
        Select s = Select.of(items, w, conjuncts(g, 2));
        return query(
                "window-rows-" + w.kind().toLowerCase(java.util.Locale.ROOT),
                s,
                Set.of(OracleQuery.WINDOW_ROWS));
    }

    private OracleQuery session(boolean aggregated) {
        boolean partitioned = random.nextInt(3) > 0;
        long gap = pick(500L, 1000L, 2000L, 3000L);
        From.Window w =
                new From.Window(
                        "SESSION",
                        "ev2",
                        "w",
                        "ts",
                        gap,
                        0,
                        0,
                        partitioned ? "k" : null,
                        aggregated);
        ExprGenerator g = new ExprGenerator(random, ev2Scope("w"));
        Expr start = Expr.same("w.window_start", Type.TIMESTAMP);
        Expr end = Expr.same("w.window_end", Type.TIMESTAMP);
        List<Item> items = new ArrayList<>();
        if (aggregated) {
            List<Expr> keys = new ArrayList<>();
            if (partitioned) {
                keys.add(Expr.same("w.k", Type.VARCHAR));
                items.add(new Item(keys.get(0), "c0"));
            }
            items.add(new Item(start, "c" + items.size()));
            items.add(new Item(end, "c" + items.size()));
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                items.add(new Item(aggregates.next(g), "c" + items.size()));
            }
            List<Expr> groupBy = new ArrayList<>(keys);
            groupBy.add(start);
            groupBy.add(end);
            Select s =
                    new Select(items, w, List.of(), groupBy, null, having(g), true, List.of(), -1);
            return new OracleQuery(
                    "session",
                    s,
                    List.of(),
                    Set.of("window-aggregate"),
                    0,
                    random.nextBoolean(),
                    false,
                    java.util.Optional.empty());
        }
        items.add(new Item(Expr.same("w.k", Type.VARCHAR), "c0"));
        items.add(new Item(Expr.same("w.y", Type.INT), "c1"));
        items.add(new Item(start, "c2"));
        items.add(new Item(end, "c3"));
        return query("session-rows", Select.of(items, w, conjuncts(g, 1)), Set.of());
    }

    private OracleQuery join(String right, String rightAlias, String shape) {
        List<Expr> scope = new ArrayList<>(evScope("e"));
        List<Expr> rightScope = right.equals("dim") ? dimScope(rightAlias) : ev2Scope(rightAlias);
        scope.addAll(rightScope);
        ExprGenerator g = new ExprGenerator(random, scope);
        String kind = pick("INNER", "INNER", "LEFT", "RIGHT", "FULL");
        Expr on = Expr.same("e.k = " + rightAlias + ".k", Type.BOOLEAN);
        if (right.equals("ev2") && random.nextInt(3) == 0) {
            on = Expr.same("e.g = " + rightAlias + ".y", Type.BOOLEAN);
        }
        if (random.nextInt(3) == 0) {
            Expr extra = g.predicate(1);
            on =
                    Expr.of(
                            on.weir() + " AND " + extra.weir(),
                            on.duck() + " AND " + extra.duck(),
                            Type.BOOLEAN);
        }
        From from =
                new From.Join(new From.Scan("ev", "e"), new From.Scan(right, rightAlias), kind, on);
        Select s;
        if (random.nextInt(3) == 0) {
            List<Expr> keys = new ArrayList<>();
            keys.add(g.column(Type.VARCHAR));
            s = grouped(g, from, keys, false);
        } else {
            s = Select.of(items(g, 1, 4), from, conjuncts(g, 1));
        }
        return partitioned(
                query(shape + "-" + kind.toLowerCase(java.util.Locale.ROOT), s, Set.of()), g);
    }

    private OracleQuery semiAnti() {
        ExprGenerator g = new ExprGenerator(random, evScope("e"));
        int n = random.nextInt(6);
        String lit = String.valueOf(random.nextInt(8) - 4);
        Expr sub =
                switch (n) {
                    case 0 ->
                            Expr.same(
                                    "EXISTS (SELECT 1 FROM dim t WHERE t.k = e.k AND t.w > "
                                            + lit
                                            + ")",
                                    Type.BOOLEAN);
                    case 1 ->
                            Expr.same(
                                    "NOT EXISTS (SELECT 1 FROM dim t WHERE t.k = e.k)",
                                    Type.BOOLEAN);
                    case 2 ->
                            Expr.same(
                                    "e.k IN (SELECT v.k FROM ev2 v WHERE v.y > " + lit + ")",
                                    Type.BOOLEAN);
                    case 3 -> Expr.same("e.k NOT IN (SELECT t.k FROM dim t)", Type.BOOLEAN);
                    case 4 -> Expr.same("e.g NOT IN (SELECT v.y FROM ev2 v)", Type.BOOLEAN);
                    default -> Expr.same("e.g IN (SELECT t.w FROM dim t)", Type.BOOLEAN);
                };
        List<Expr> where = new ArrayList<>(conjuncts(g, 1));
        where.add(sub);
        Select s = Select.of(items(g, 1, 3), new From.Scan("ev", "e"), where);
        String shape = n == 1 || n == 3 || n == 4 ? "anti" : "semi";
        return query(shape, s, Set.of());
    }

    /**
     * An interval join of ev with ev2 (never late) or with ev itself (late rows, NULL times): a key
     * equality (or none), bounds on {@code v.ts - e.ts} as BETWEEN or a pair of comparisons either
     * way round, strict ones among them, and sometimes another predicate in the ON.
     */
    private OracleQuery intervalJoin() {
        String right = random.nextInt(3) == 0 ? "ev" : "ev2";
        List<Expr> scope = new ArrayList<>(evScope("e"));
        scope.addAll(right.equals("ev") ? evScope("v") : ev2Scope("v"));
        ExprGenerator g = new ExprGenerator(random, scope);
        String kind = pick("INNER", "LEFT", "RIGHT", "FULL");
        int form = random.nextInt(3);
        long a = pick(-5000L, -2000L, -1000L, 0L, 500L, 1000L);
        // Never an empty interval: the planner may fold its contradiction to FALSE, which is no
        // interval join (a regular join pads at once and keeps late rows).
        long b = a + (form == 0 ? pick(0L, 1L, 1000L, 3000L) : pick(1L, 1000L, 2000L, 6000L));
        String weirBounds;
        String duckBounds;
        long lower = a;
        long upper = b;
        switch (form) {
            case 0 -> {
                weirBounds = "v.ts BETWEEN " + shifted("e.ts", a) + " AND " + shifted("e.ts", b);
                duckBounds = "v.t_ms BETWEEN e.t_ms + " + a + " AND e.t_ms + " + b;
            }
            case 1 -> {
                // v.ts > e.ts + a AND v.ts <= e.ts + b: the strict bound excludes its end.
                weirBounds = "v.ts > " + shifted("e.ts", a) + " AND v.ts <= " + shifted("e.ts", b);
                duckBounds = "v.t_ms > e.t_ms + " + a + " AND v.t_ms <= e.t_ms + " + b;
                lower = a + 1;
            }
            default -> {
                // The left time compared with the right one's: e.ts >= v.ts - b AND e.ts < v.ts -
                // a.
                weirBounds =
                        "e.ts >= " + shifted("v.ts", -b) + " AND e.ts < " + shifted("v.ts", -a);
                duckBounds = "e.t_ms >= v.t_ms - " + b + " AND e.t_ms < v.t_ms - " + a;
                lower = a + 1;
            }
        }
        List<String> leftKeys = new ArrayList<>();
        List<String> rightKeys = new ArrayList<>();
        String weirOn = weirBounds;
        String duckOn = duckBounds;
        if (random.nextInt(5) > 0) {
            String key = right.equals("ev2") && random.nextInt(4) == 0 ? "y" : "k";
            String leftKey = key.equals("y") ? "e.g" : "e.k";
            leftKeys.add(leftKey);
            rightKeys.add("v." + key);
            weirOn = leftKey + " = v." + key + " AND " + weirOn;
            duckOn = leftKey + " = v." + key + " AND " + duckOn;
        }
        if (random.nextInt(3) == 0) {
            // A random predicate may fold to FALSE (a constant comparison), and the ON with it,
            // which is no interval join (as above): OR-ed with a test of a nullable non-key column
            // it folds at most to that test.
            Expr extra = g.predicate(1);
            String orNull = pick("e.x", "e.s", "e.f", "e.b") + " IS NULL";
            weirOn += " AND (" + extra.weir() + " OR " + orNull + ")";
            duckOn += " AND (" + extra.duck() + " OR " + orNull + ")";
        }
        From from =
                new From.IntervalJoin(
                        "ev",
                        right,
                        kind,
                        Expr.of(weirOn, duckOn, Type.BOOLEAN),
                        leftKeys,
                        rightKeys,
                        lower,
                        upper);
        Select s;
        if (random.nextInt(4) == 0) {
            s = grouped(g, from, List.of(g.column(Type.VARCHAR)), false);
        } else {
            s = Select.of(items(g, 1, 4), from, conjuncts(g, 1));
        }
        return partitioned(
                query("interval-join-" + kind.toLowerCase(java.util.Locale.ROOT), s, Set.of()), g);
    }

    /**
     * An event-time temporal join of ev with ev2 (never late) or with ev itself (late rows, NULL
     * times and keys, several rows of a key at one time) as the versioned side, on their key; one
     * time in three against a versioned view of that stream (its last row per k by ts).
     */
    private OracleQuery temporalJoin() {
        String right = random.nextInt(3) == 0 ? "ev" : "ev2";
        List<Expr> scope = new ArrayList<>(evScope("e"));
        List<Expr> rightScope = right.equals("ev") ? evScope("v") : ev2Scope("v");
        scope.addAll(rightScope);
        ExprGenerator g = new ExprGenerator(random, scope);
        String kind = pick("INNER", "LEFT");
        List<OracleQuery.View> views = new ArrayList<>();
        String versionedView = null;
        if (random.nextInt(3) == 0) {
            versionedView = "v" + index + "_versioned";
            views.add(new OracleQuery.View(versionedView, lastRowPerKey(right, rightScope)));
        }
        From from = new From.TemporalJoin("ev", right, kind, versionedView);
        Select s;
        if (random.nextInt(4) == 0) {
            s = grouped(g, from, List.of(g.column(Type.VARCHAR)), false);
        } else {
            s = Select.of(items(g, 1, 4), from, conjuncts(g, 1));
        }
        return new OracleQuery(
                (versionedView == null ? "temporal-join-" : "temporal-join-view-")
                        + kind.toLowerCase(java.util.Locale.ROOT),
                s,
                views,
                Set.of(),
                0,
                false,
                false,
                java.util.Optional.empty());
    }

    /**
     * A versioned view of {@code stream}: {@code SELECT <its columns> FROM (SELECT *, ROW_NUMBER()
     * OVER (PARTITION BY k ORDER BY ts DESC) AS rn FROM stream WHERE ts IS NOT NULL) WHERE rn = 1},
     * its columns under their own names (those of {@code scope}, qualified by v).
     */
    private static Select lastRowPerKey(String stream, List<Expr> scope) {
        List<Item> inner = new ArrayList<>();
        List<Item> outer = new ArrayList<>();
        for (Expr column : scope) {
            String name = column.weir().substring("v.".length());
            inner.add(new Item(Expr.same("e." + name, column.type()), name));
            outer.add(new Item(Expr.same("q." + name, column.type()), name));
        }
        inner.add(
                new Item(
                        Expr.same(
                                "ROW_NUMBER() OVER (PARTITION BY e.k ORDER BY e.ts DESC)",
                                Type.INT),
                        "rn"));
        Select ranked =
                Select.of(
                        inner,
                        new From.Scan(stream, "e"),
                        List.of(Expr.same("e.ts IS NOT NULL", Type.BOOLEAN)));
        return Select.of(
                outer, new From.Derived(ranked, "q"), List.of(Expr.same("q.rn = 1", Type.BOOLEAN)));
    }

    /** {@code column} plus {@code millis} as Weir writes it (an INTERVAL added or subtracted). */
    private static String shifted(String column, long millis) {
        if (millis == 0) {
            return column;
        }
        return column + (millis < 0 ? " - " : " + ") + Literals.interval(Math.abs(millis));
    }

    /**
     * A window join over TUMBLE, HOP or CUMULATE windows of ev2 (never late) or ev (late rows, NULL
     * times and keys), both inputs the same windows: of every outer kind over the windows' rows, a
     * semi or anti join written as EXISTS / IN / NOT EXISTS, or a join of two window aggregates on
     * their bounds and key. Each window's rows once the watermark (the lesser of the two streams')
     * completes it: final, so realized AFTER WATERMARK too.
     */
    private OracleQuery windowJoin() {
        String left = random.nextInt(3) == 0 ? "ev" : "ev2";
        String right = random.nextInt(3) == 0 ? "ev" : "ev2";
        From.Window a = alignedWindow(left, "a", false);
        if (random.nextInt(3) > 0) {
            a = new From.Window("TUMBLE", left, "a", "ts", a.size(), 0, a.offset(), null, false);
        }
        From.Window b =
                new From.Window(
                        a.kind(), right, "b", "ts", a.size(), a.slide(), a.offset(), null, false);
        String kind = a.kind().toLowerCase(java.util.Locale.ROOT);
        return switch (random.nextInt(4)) {
            case 0 -> windowSemiJoin(a, b, kind);
            case 1 -> windowAggregateJoin(a, b, kind);
            default -> windowRowsJoin(a, b, kind);
        };
    }

    private OracleQuery windowRowsJoin(From.Window a, From.Window b, String window) {
        String left = a.stream();
        String right = b.stream();
        String kind = pick("INNER", "LEFT", "RIGHT", "FULL");
        String leftInt = left.equals("ev") ? "a.x" : "a.y";
        String rightInt = right.equals("ev") ? "b.x" : "b.y";
        String residual =
                switch (random.nextInt(6)) {
                    case 0 -> " AND " + leftInt + " < " + rightInt;
                    case 1 -> " AND " + rightInt + " > " + (random.nextInt(9) - 4);
                    default -> "";
                };
        Expr on =
                Expr.same(
                        "a.k = b.k AND a.window_start = b.window_start"
                                + " AND a.window_end = b.window_end"
                                + residual,
                        Type.BOOLEAN);
        List<Item> items = new ArrayList<>();
        items.add(new Item(Expr.same("a.k", Type.VARCHAR), "c0"));
        items.add(new Item(Expr.same("a.window_start", Type.TIMESTAMP), "c1"));
        // ev's INT column is x, ev2's y.
        items.add(new Item(Expr.same(left.equals("ev") ? "a.x" : "a.y", Type.INT), "c2"));
        items.add(new Item(Expr.same(right.equals("ev") ? "b.x" : "b.y", Type.INT), "c3"));
        items.add(new Item(Expr.same("b.window_end", Type.TIMESTAMP), "c4"));
        ExprGenerator g = new ExprGenerator(random, ev2Scope("a"));
        // A WHERE over the left side of an outer join filters the padded rows too: only for
        // INNER and LEFT, where the left side is never padded.
        List<Expr> where =
                left.equals("ev2") && (kind.equals("INNER") || kind.equals("LEFT"))
                        ? conjuncts(g, 1)
                        : List.of();
        Select s = Select.of(items, new From.WindowJoin(a, b, kind, on), where);
        return new OracleQuery(
                "window-join-" + kind.toLowerCase(java.util.Locale.ROOT) + "-" + window,
                s,
                List.of(),
                Set.of(OracleQuery.FINAL_ROWS),
                0,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    /**
     * A semi or anti window join: EXISTS, IN or NOT EXISTS over the right window, correlated on
     * both bounds and the key, sometimes with a condition on the right row. (NOT IN is not a window
     * join: Calcite rewrites it into regular joins, docs/sql.md.)
     */
    private OracleQuery windowSemiJoin(From.Window a, From.Window b, String window) {
        boolean anti = random.nextBoolean();
        String form = anti ? "EXISTS" : pick("EXISTS", "IN");
        String on = "a.k = b.k AND a.window_start = b.window_start AND a.window_end = b.window_end";
        // A condition on the right row only. One that also reads a left column besides the key
        // and bounds (a.x < b.y) is left out: Calcite decorrelates it into a regular join over a
        // window join, which answers wrong (FINDINGS.md: window-semi-anti-residual, open).
        if (random.nextBoolean()) {
            String column = b.stream().equals("ev") ? "b.x" : "b.y";
            on += " AND " + column + pick(" > ", " <= ") + (random.nextInt(9) - 4);
        }
        From.WindowSemiJoin from = new From.WindowSemiJoin(a, b, anti, Expr.same(on, Type.BOOLEAN));
        List<Expr> scope = a.stream().equals("ev") ? evScope("a") : ev2Scope("a");
        List<Item> items = new ArrayList<>();
        items.add(new Item(Expr.same("a.k", Type.VARCHAR), "c0"));
        items.add(new Item(Expr.same("a.window_start", Type.TIMESTAMP), "c1"));
        items.add(new Item(Expr.same("a.window_end", Type.TIMESTAMP), "c2"));
        items.add(new Item(column(scope, a.stream().equals("ev") ? "a.x" : "a.y"), "c3"));
        items.add(new Item(column(scope, "a.ts"), "c4"));
        ExprGenerator g = new ExprGenerator(random, scope);
        List<Expr> where = new ArrayList<>(random.nextBoolean() ? conjuncts(g, 1) : List.of());
        where.add(from.weirCondition(form));
        return new OracleQuery(
                "window-"
                        + (anti ? "anti" : "semi")
                        + "-join-"
                        + form.toLowerCase(java.util.Locale.ROOT)
                        + "-"
                        + window,
                Select.of(items, from, where),
                List.of(),
                Set.of(OracleQuery.FINAL_ROWS),
                0,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    /** Two window aggregates (per key and window) joined on their bounds and key. */
    private OracleQuery windowAggregateJoin(From.Window a, From.Window b, String window) {
        Select left = joinedAggregate(a, b.stream());
        Select right = joinedAggregate(b, a.stream());
        String kind = pick("INNER", "LEFT", "RIGHT", "FULL");
        Expr on = Expr.same("a.k = b.k AND a.ws = b.ws AND a.we = b.we", Type.BOOLEAN);
        From from =
                new From.Join(new From.Derived(left, "a"), new From.Derived(right, "b"), kind, on);
        List<Expr> scope = new ArrayList<>(itemScope(left, "a"));
        scope.addAll(itemScope(right, "b"));
        List<Item> items = new ArrayList<>();
        for (String c : List.of("a.k", "a.ws", "a.n", "b.n", "b.we", "a.m", "b.m")) {
            if (c.endsWith(".n") || c.equals("a.k") || random.nextBoolean()) {
                items.add(new Item(column(scope, c), "c" + items.size()));
            }
        }
        return new OracleQuery(
                "window-join-aggregates-" + kind.toLowerCase(java.util.Locale.ROOT) + "-" + window,
                Select.of(items, from, List.of()),
                List.of(),
                Set.of(OracleQuery.FINAL_ROWS),
                0,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    /** A window aggregate per key as a window join's input: k, ws, we, n (COUNT(*)), m. */
    private Select joinedAggregate(From.Window w, String otherStream) {
        String alias = w.alias();
        From.Window rows =
                new From.Window(
                        w.kind(),
                        w.stream(),
                        "w",
                        w.timeColumn(),
                        w.size(),
                        w.slide(),
                        w.offset(),
                        null,
                        true);
        ExprGenerator g =
                new ExprGenerator(random, w.stream().equals("ev") ? evScope("w") : ev2Scope("w"));
        Expr k = Expr.same("w.k", Type.VARCHAR);
        Expr start = Expr.same("w.window_start", Type.TIMESTAMP);
        Expr end = Expr.same("w.window_end", Type.TIMESTAMP);
        List<Item> items =
                List.of(
                        new Item(k, "k"),
                        new Item(start, "ws"),
                        new Item(end, "we"),
                        new Item(Expr.same("COUNT(*)", Type.INT).asAggregate(), "n"),
                        new Item(aggregates.next(g), "m"));
        return new Select(
                items,
                new From.JoinedWindow(rows, otherStream),
                List.of(),
                List.of(k, start, end),
                null,
                List.of(),
                true,
                List.of(),
                -1);
    }

    /**
     * Windowed GROUPING SETS, ROLLUP and CUBE over TUMBLE, HOP and CUMULATE (Flink's: every set
     * keeps both bounds, {@code GROUP BY window_start, window_end, ROLLUP (a, b)}), one window
     * aggregate per set. GROUPING() is refused on streams (0A000), so it is not generated.
     */
    private OracleQuery windowSets() {
        From.Window w = alignedWindow("ev", "w", true);
        ExprGenerator g = new ExprGenerator(random, evScope("w"));
        Expr start = Expr.same("w.window_start", Type.TIMESTAMP);
        Expr end = Expr.same("w.window_end", Type.TIMESTAMP);
        List<Expr> keys = new ArrayList<>();
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            Expr k = g.column(pick(Type.VARCHAR, Type.INT, Type.BOOLEAN, Type.DECIMAL));
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        List<Item> items = new ArrayList<>();
        if (random.nextInt(8) > 0) {
            items.add(new Item(start, "c" + items.size()));
        }
        if (random.nextBoolean()) {
            items.add(new Item(end, "c" + items.size()));
        }
        for (Expr k : keys) {
            items.add(new Item(k, "c" + items.size()));
        }
        int calls = 1 + random.nextInt(3);
        for (int i = 0; i < calls; i++) {
            items.add(new Item(aggregates.next(g), "c" + items.size()));
        }
        List<Expr> groupBy = new ArrayList<>(List.of(start, end));
        groupBy.addAll(keys);
        List<Expr> where = random.nextBoolean() ? conjuncts(g, 1) : List.of();
        String grouping = pick("W_ROLLUP", "W_CUBE", "W_SETS");
        Select s = new Select(items, w, where, groupBy, grouping, having(g), true, List.of(), -1);
        long lateness = random.nextInt(4) == 0 ? pick(1000L, 3000L) : 0;
        return new OracleQuery(
                "window-sets-" + w.kind().toLowerCase(java.util.Locale.ROOT),
                s,
                List.of(),
                Set.of("window-aggregate"),
                lateness,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    /**
     * Cascaded windows: a window aggregate over the window_end of an inner window aggregate (0.5, 1
     * or 2 s windows, per key or not), the outer windows 2, 4 or 5 times as long, TUMBLE, HOP or
     * CUMULATE. Realized AFTER WATERMARK only: a windowing function needs an append-only input,
     * which the inner aggregate is only when final (without AFTER WATERMARK it is refused, 0A000).
     */
    private OracleQuery cascade() {
        long innerSize = pick(500L, 1000L, 1000L, 2000L);
        String innerKind = pick("TUMBLE", "TUMBLE", "HOP", "CUMULATE");
        long innerSlide =
                innerKind.equals("TUMBLE")
                        ? 0
                        : innerKind.equals("HOP") ? innerSize / 2 : innerSize / 2;
        From.Window innerWindow =
                new From.Window(innerKind, "ev", "v", "ts", innerSize, innerSlide, 0, null, true);
        ExprGenerator gi = new ExprGenerator(random, evScope("v"));
        boolean byKey = random.nextBoolean();
        Expr k = Expr.same("v.k", Type.VARCHAR);
        Expr start = Expr.same("v.window_start", Type.TIMESTAMP);
        Expr end = Expr.same("v.window_end", Type.TIMESTAMP);
        List<Item> innerItems = new ArrayList<>();
        innerItems.add(new Item(end, "we"));
        if (random.nextBoolean()) {
            innerItems.add(new Item(start, "ws"));
        }
        if (byKey) {
            innerItems.add(new Item(k, "k"));
        }
        innerItems.add(new Item(Expr.same("COUNT(*)", Type.INT).asAggregate(), "n"));
        innerItems.add(new Item(aggregates.next(gi), "m"));
        List<Expr> innerGroupBy = new ArrayList<>();
        if (byKey) {
            innerGroupBy.add(k);
        }
        innerGroupBy.add(start);
        innerGroupBy.add(end);
        Select inner =
                new Select(
                        innerItems,
                        innerWindow,
                        random.nextBoolean() ? conjuncts(gi, 1) : List.of(),
                        innerGroupBy,
                        null,
                        List.of(),
                        true,
                        List.of(),
                        -1);
        String outerKind = pick("TUMBLE", "TUMBLE", "HOP", "CUMULATE");
        long outerSize = innerSize * pick(2L, 4L, 5L);
        long outerSlide =
                outerKind.equals("TUMBLE")
                        ? 0
                        : outerKind.equals("HOP") ? outerSize / 2 : outerSize / 4;
        From.Window outer =
                new From.Window(outerKind, "ev", "w", "we", outerSize, outerSlide, 0, null, true);
        ExprGenerator g = new ExprGenerator(random, itemScope(inner, "w"));
        Expr outerStart = Expr.same("w.window_start", Type.TIMESTAMP);
        Expr outerEnd = Expr.same("w.window_end", Type.TIMESTAMP);
        List<Item> items = new ArrayList<>();
        items.add(new Item(outerStart, "c0"));
        if (random.nextBoolean()) {
            items.add(new Item(outerEnd, "c1"));
        }
        List<Expr> groupBy = new ArrayList<>();
        if (byKey && random.nextBoolean()) {
            Expr outerKey = Expr.same("w.k", Type.VARCHAR);
            items.add(new Item(outerKey, "c" + items.size()));
            groupBy.add(outerKey);
        }
        items.add(new Item(Expr.same("SUM(w.n)", Type.INT).asAggregate(), "c" + items.size()));
        int calls = random.nextInt(3);
        for (int i = 0; i < calls; i++) {
            items.add(new Item(aggregates.next(g), "c" + items.size()));
        }
        groupBy.add(outerStart);
        groupBy.add(outerEnd);
        Select s =
                new Select(
                        items,
                        new From.Cascade(outer, inner),
                        List.of(),
                        groupBy,
                        null,
                        List.of(),
                        true,
                        List.of(),
                        -1);
        return new OracleQuery(
                "cascade-" + outerKind.toLowerCase(java.util.Locale.ROOT),
                s,
                List.of(),
                Set.of(OracleQuery.FINAL_ONLY),
                0,
                true,
                false,
                java.util.Optional.empty());
    }

    /**
     * Window-attached aggregates (docs/sql.md): a GROUP BY of window_start and window_end (renamed
     * ws, we) over rows that carry their windows: a window aggregate's (without AFTER WATERMARK a
     * regular aggregate of its updating rows, with it a final window aggregate), a windowing
     * function's filtered rows (late rows dropped, as a window aggregate drops them) or an inner or
     * LEFT window join's.
     */
    private OracleQuery attached() {
        From.Window w = alignedWindow(random.nextInt(3) == 0 ? "ev2" : "ev", "v", true);
        boolean ev = w.stream().equals("ev");
        List<Expr> scope = ev ? evScope("v") : ev2Scope("v");
        ExprGenerator gi = new ExprGenerator(random, scope);
        Expr start = Expr.same("v.window_start", Type.TIMESTAMP);
        Expr end = Expr.same("v.window_end", Type.TIMESTAMP);
        Expr k = Expr.same("v.k", Type.VARCHAR);
        Select inner;
        String over;
        switch (random.nextInt(4)) {
            case 0 -> {
                over = "aggregate";
                List<Item> items = new ArrayList<>();
                items.add(new Item(start, "ws"));
                items.add(new Item(end, "we"));
                items.add(new Item(k, "k"));
                items.add(new Item(Expr.same("COUNT(*)", Type.INT).asAggregate(), "n"));
                items.add(new Item(aggregates.next(gi), "m"));
                inner =
                        new Select(
                                items,
                                w,
                                random.nextBoolean() ? conjuncts(gi, 1) : List.of(),
                                List.of(k, start, end),
                                null,
                                List.of(),
                                true,
                                List.of(),
                                -1);
            }
            case 1 -> {
                over = "rows";
                List<Item> items = new ArrayList<>();
                items.add(new Item(end, "we"));
                items.add(new Item(k, "k"));
                items.add(new Item(gi.any(1), "m"));
                items.add(new Item(start, "ws"));
                items.add(new Item(column(scope, ev ? "v.x" : "v.y"), "n"));
                inner = Select.of(items, w, conjuncts(gi, 2));
            }
            case 2 -> {
                over = "top-n";
                inner = attachedTopN(w, scope);
            }
            default -> {
                over = "join";
                From.Window a =
                        new From.Window(
                                w.kind(),
                                "ev2",
                                "a",
                                "ts",
                                w.size(),
                                w.slide(),
                                w.offset(),
                                null,
                                false);
                From.Window b =
                        new From.Window(
                                w.kind(),
                                w.stream(),
                                "b",
                                "ts",
                                w.size(),
                                w.slide(),
                                w.offset(),
                                null,
                                false);
                String kind = pick("INNER", "LEFT");
                Expr on =
                        Expr.same(
                                "a.k = b.k AND a.window_start = b.window_start"
                                        + " AND a.window_end = b.window_end",
                                Type.BOOLEAN);
                List<Item> items = new ArrayList<>();
                items.add(new Item(Expr.same("a.window_start", Type.TIMESTAMP), "ws"));
                items.add(new Item(Expr.same("a.window_end", Type.TIMESTAMP), "we"));
                items.add(new Item(Expr.same("a.k", Type.VARCHAR), "k"));
                items.add(new Item(Expr.same("a.y", Type.INT), "n"));
                items.add(new Item(Expr.same(ev ? "b.x" : "b.y", Type.INT), "m"));
                inner = Select.of(items, new From.WindowJoin(a, b, kind, on), List.of());
            }
        }
        // The aggregates read the rows' other columns: aggregates of the bounds are refused where
        // the aggregate fuses with a windowing function (0A000), and each is one value per window.
        List<Expr> rowScope = new ArrayList<>(itemScope(inner, "q"));
        rowScope.removeIf(e -> e.weir().equals("q.ws") || e.weir().equals("q.we"));
        ExprGenerator g = new ExprGenerator(random, rowScope);
        Expr ws = Expr.same("q.ws", Type.TIMESTAMP);
        Expr we = Expr.same("q.we", Type.TIMESTAMP);
        List<Item> items = new ArrayList<>();
        List<Expr> groupBy = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            Expr key = Expr.same("q.k", Type.VARCHAR);
            items.add(new Item(key, "c0"));
            groupBy.add(key);
        }
        items.add(new Item(ws, "c" + items.size()));
        if (random.nextBoolean()) {
            items.add(new Item(we, "c" + items.size()));
        }
        int calls = 1 + random.nextInt(3);
        for (int i = 0; i < calls; i++) {
            items.add(new Item(aggregates.next(g), "c" + items.size()));
        }
        groupBy.add(ws);
        groupBy.add(we);
        Select s =
                new Select(
                        items,
                        new From.Derived(inner, "q"),
                        List.of(),
                        groupBy,
                        null,
                        List.of(),
                        true,
                        List.of(),
                        -1);
        return new OracleQuery(
                "attached-" + over + "-" + w.kind().toLowerCase(java.util.Locale.ROOT),
                s,
                List.of(),
                Set.of(OracleQuery.FINAL_ROWS),
                0,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    /**
     * A window Top-N's rows as a window-attached aggregate's input: each window's top rows (ws, we,
     * k, n, m), once the window is complete ({@link From.FinalWindow}). Its ORDER BY holds every
     * column it selects, so rows tied for ROW_NUMBER agree on what is selected: one answer.
     */
    private Select attachedTopN(From.Window w, List<Expr> scope) {
        boolean ev = w.stream().equals("ev");
        List<String> orderColumns =
                new ArrayList<>(
                        ev
                                ? List.of("v.x", "v.d", "v.k", "v.g", "v.s", "v.ts")
                                : List.of("v.y", "v.e", "v.k", "v.ts"));
        java.util.Collections.shuffle(orderColumns, random);
        List<String> order = new ArrayList<>();
        for (String c : orderColumns) {
            order.add(c + (random.nextBoolean() ? " DESC" : "") + " NULLS LAST");
        }
        String function = pick("ROW_NUMBER", "RANK", "DENSE_RANK");
        String rank =
                function
                        + "() OVER (PARTITION BY v.window_start, v.window_end ORDER BY "
                        + String.join(", ", order)
                        + ")";
        List<Item> items = new ArrayList<>();
        items.add(new Item(Expr.same("v.window_start", Type.TIMESTAMP), "ws"));
        items.add(new Item(Expr.same("v.window_end", Type.TIMESTAMP), "we"));
        items.add(new Item(column(scope, "v.k"), "k"));
        items.add(new Item(column(scope, ev ? "v.x" : "v.y"), "n"));
        items.add(new Item(column(scope, ev ? "v.d" : "v.e"), "m"));
        items.add(new Item(Expr.same(rank, Type.INT), "rn"));
        From.Window rows =
                new From.Window(
                        w.kind(),
                        w.stream(),
                        w.alias(),
                        w.timeColumn(),
                        w.size(),
                        w.slide(),
                        w.offset(),
                        null,
                        false);
        Select ranked = Select.of(items, new From.FinalWindow(rows), List.of());
        List<Item> top = new ArrayList<>();
        for (Expr c : itemScope(ranked, "t")) {
            if (!c.weir().equals("t.rn")) {
                top.add(new Item(c, c.weir().substring(2)));
            }
        }
        return Select.of(
                top,
                new From.Derived(ranked, "t"),
                List.of(Expr.same("t.rn <= " + (1 + random.nextInt(3)), Type.BOOLEAN)));
    }

    private OracleQuery subquery() {
        ExprGenerator g = new ExprGenerator(random, evScope("e"));
        switch (random.nextInt(3)) {
            case 0:
                {
                    // Uncorrelated scalar subqueries in WHERE; AVG over integers truncates.
                    Expr sub =
                            random.nextBoolean()
                                    ? Expr.of(
                                            "(SELECT AVG(v.y) FROM ev2 v)",
                                            "(SELECT CAST(trunc(avg(v.y)) AS BIGINT) FROM ev2 v)",
                                            Type.INT)
                                    : Expr.same("(SELECT MAX(v.y) FROM ev2 v)", Type.INT);
                    Expr p = Expr.of("e.x > " + sub.weir(), "e.x > " + sub.duck(), Type.BOOLEAN);
                    Select s = Select.of(items(g, 1, 3), new From.Scan("ev", "e"), List.of(p));
                    return query("scalar-subquery", s, Set.of());
                }
            case 1:
                {
                    // A correlated scalar subquery in SELECT.
                    List<Item> items = new ArrayList<>(items(g, 1, 2));
                    items.add(
                            new Item(
                                    Expr.same(
                                            "(SELECT COUNT(*) FROM dim t WHERE t.k = e.k)",
                                            Type.INT),
                                    "c" + items.size()));
                    Select s = Select.of(items, new From.Scan("ev", "e"), conjuncts(g, 1));
                    return query("correlated-subquery", s, Set.of());
                }
            default:
                {
                    // An aggregate over an aggregate.
                    List<Expr> keys = new ArrayList<>();
                    keys.add(g.column(pick(Type.VARCHAR, Type.INT)));
                    Select inner = grouped(g, new From.Scan("ev", "e"), keys, false);
                    ExprGenerator outer = new ExprGenerator(random, itemScope(inner, "q"));
                    List<Expr> outerKeys = new ArrayList<>();
                    outerKeys.add(outer.columns().get(outer.columns().size() - 1));
                    Select s = grouped(outer, new From.Derived(inner, "q"), outerKeys, false);
                    return query("aggregate-of-aggregate", s, Set.of());
                }
        }
    }

    private OracleQuery union() {
        ExprGenerator ge = new ExprGenerator(random, evScope("e"));
        ExprGenerator gv = new ExprGenerator(random, ev2Scope("v"));
        Select a =
                Select.of(
                        List.of(
                                new Item(Expr.same("e.k", Type.VARCHAR), "c0"),
                                new Item(ge.intExpr(1), "c1")),
                        new From.Scan("ev", "e"),
                        conjuncts(ge, 1));
        Select b =
                Select.of(
                        List.of(
                                new Item(Expr.same("v.k", Type.VARCHAR), "c0"),
                                new Item(gv.intExpr(1), "c1")),
                        new From.Scan("ev2", "v"),
                        conjuncts(gv, 1));
        From from = new From.UnionAll(a, b, "u");
        ExprGenerator g = new ExprGenerator(random, itemScope(a, "u"));
        Select s =
                random.nextBoolean()
                        ? grouped(g, from, List.of(Expr.same("u.c0", Type.VARCHAR)), false)
                        : Select.of(items(g, 1, 2), from, conjuncts(g, 1));
        return query("union-all", s, Set.of());
    }

    private OracleQuery views() {
        String v1 = "v" + index + "_a";
        String v2 = "v" + index + "_b";
        ExprGenerator ge = new ExprGenerator(random, evScope("e"));
        List<Item> firstItems = new ArrayList<>();
        firstItems.add(new Item(Expr.same("e.k", Type.VARCHAR), "c0"));
        firstItems.add(new Item(ge.intExpr(1), "c1"));
        firstItems.add(new Item(ge.column(Type.DECIMAL), "c2"));
        firstItems.add(new Item(ge.stringExpr(1), "c3"));
        Select first = Select.of(firstItems, new From.Scan("ev", "e"), conjuncts(ge, 1));
        ExprGenerator g1 = new ExprGenerator(random, itemScope(first, "p"));
        Select second = Select.of(items(g1, 2, 3), new From.Scan(v1, "p"), conjuncts(g1, 1));
        ExprGenerator g2 = new ExprGenerator(random, itemScope(second, "r"));
        Select top =
                random.nextBoolean()
                        ? grouped(g2, new From.Scan(v2, "r"), List.of(g2.columns().get(0)), false)
                        : Select.of(items(g2, 1, 3), new From.Scan(v2, "r"), conjuncts(g2, 1));
        return new OracleQuery(
                "views",
                top,
                List.of(new OracleQuery.View(v1, first), new OracleQuery.View(v2, second)),
                Set.of(),
                0,
                false,
                false,
                java.util.Optional.empty());
    }

    private OracleQuery topN() {
        List<Expr> scope = evScope("e");
        List<Item> items = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            Expr c = scope.get(random.nextInt(scope.size()));
            items.add(new Item(c, "c" + i));
        }
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(random.nextBoolean() ? "ASC" : "DESC");
        }
        ExprGenerator g = new ExprGenerator(random, scope);
        Select s =
                new Select(
                        items,
                        new From.Scan("ev", "e"),
                        conjuncts(g, 1),
                        List.of(),
                        null,
                        List.of(),
                        false,
                        order,
                        random.nextInt(6));
        return query("top-n", s, Set.of());
    }

    /**
     * Top-N in Flink's shape: a ranking per key in a subquery, its number bounded above in the
     * query over it. Ordered by every column the subquery selects (NULLs placed explicitly, which
     * both engines then read alike), so rows tied for ROW_NUMBER are equal rows: one answer.
     */
    private OracleQuery rankTopN() {
        List<Expr> scope = evScope("e");
        List<String> orderColumns = List.of("e.x", "e.g", "e.d", "e.s", "e.ts");
        List<Item> items = new ArrayList<>();
        items.add(new Item(column(scope, "e.k"), "c0"));
        List<String> order = new ArrayList<>();
        for (String c : orderColumns) {
            items.add(new Item(column(scope, c), "c" + items.size()));
            order.add(c + (random.nextBoolean() ? " DESC" : "") + " NULLS LAST");
        }
        String function = pick("ROW_NUMBER", "RANK", "DENSE_RANK");
        String over =
                function + "() OVER (PARTITION BY e.k ORDER BY " + String.join(", ", order) + ")";
        items.add(new Item(Expr.same(over, Type.INT), "rn"));
        ExprGenerator g = new ExprGenerator(random, scope);
        Select inner =
                Select.of(
                        items,
                        new From.Scan("ev", "e"),
                        random.nextBoolean() ? conjuncts(g, 1) : List.of());
        List<Item> outer = new ArrayList<>();
        for (Expr c : itemScope(inner, "q")) {
            if (c.weir().equals("q.c0") || random.nextInt(3) == 0) {
                outer.add(new Item(c, "c" + outer.size()));
            }
        }
        int n = 1 + random.nextInt(3);
        String bound =
                switch (random.nextInt(3)) {
                    case 0 -> "q.rn <= " + n;
                    case 1 -> "q.rn < " + (n + 1);
                    default -> "q.rn = 1";
                };
        Select s =
                Select.of(
                        outer,
                        new From.Derived(inner, "q"),
                        List.of(Expr.same(bound, Type.BOOLEAN)));
        return query("rank-top-n", s, Set.of());
    }

    /**
     * OVER aggregates ordered by the event time, as Flink computes them: per partition (or over the
     * whole stream), over a ROWS or RANGE frame ending at the current row. The reference reads the
     * rows that are not late and that the final watermark passed ({@link From.OnTime}); a ROWS
     * frame orders rows of equal time by arrival ({@code arr}), as the operator does.
     */
    private OracleQuery overAggregate() {
        List<Expr> scope = evScope("e");
        ExprGenerator g = new ExprGenerator(random, scope);
        String partition = pick("", "", "e.k", "e.b", "e.k, e.g", "e.g");
        String by = partition.isEmpty() ? "" : "PARTITION BY " + partition + " ";
        long n = random.nextInt(4);
        long ms = pick(0L, 1000L, 2000L, 5000L);
        String[] frame =
                switch (random.nextInt(5)) {
                    case 0 -> new String[] {"ROWS", "UNBOUNDED PRECEDING", "UNBOUNDED PRECEDING"};
                    case 1 -> new String[] {"ROWS", n + " PRECEDING", n + " PRECEDING"};
                    case 2 -> new String[] {"RANGE", "UNBOUNDED PRECEDING", "UNBOUNDED PRECEDING"};
                    case 3 -> new String[] {"", "", ""};
                    default ->
                            new String[] {
                                "RANGE",
                                Literals.interval(ms) + " PRECEDING",
                                "INTERVAL '" + ms + " milliseconds' PRECEDING"
                            };
                };
        String weirFrame =
                frame[0].isEmpty()
                        ? ""
                        : " " + frame[0] + " BETWEEN " + frame[1] + " AND CURRENT ROW";
        String duckFrame =
                frame[0].isEmpty()
                        ? ""
                        : " " + frame[0] + " BETWEEN " + frame[2] + " AND CURRENT ROW";
        String duckOrder = frame[0].equals("ROWS") ? "e.ts, e.arr" : "e.ts";
        String weirOver = " OVER (" + by + "ORDER BY e.ts" + weirFrame + ")";
        String duckOver = " OVER (" + by + "ORDER BY " + duckOrder + duckFrame + ")";
        List<Item> items = new ArrayList<>();
        items.add(new Item(column(scope, "e.k"), "c0"));
        if (random.nextBoolean()) {
            items.add(new Item(g.any(random.nextInt(2)), "c" + items.size()));
        }
        int calls = 1 + random.nextInt(3);
        for (int i = 0; i < calls; i++) {
            items.add(new Item(aggregates.over(g, weirOver, duckOver), "c" + items.size()));
        }
        Select s =
                Select.of(
                        items,
                        new From.OnTime("ev", "e"),
                        random.nextBoolean() ? conjuncts(g, 1) : List.of());
        return query("over-aggregate", s, Set.of());
    }

    /**
     * Window Top-N and deduplication, Flink's: a ranking partitioned by window_start and window_end
     * (and sometimes the key) over TUMBLE, HOP or CUMULATE, its number bounded above. Each window's
     * top comes out once, when the watermark passes its end ({@link From.FinalWindow}). Ordered by
     * every column the subquery selects (NULLs placed explicitly), so rows tied for ROW_NUMBER are
     * equal rows: one answer. Deduplication's order leads with the time.
     */
    private OracleQuery windowTopN() {
        if (random.nextInt(3) == 0) {
            return windowTopNOfAggregate();
        }
        From.Window w = alignedWindow("ev", "w", false);
        List<Expr> scope = withWindowColumns(evScope("w"), "w");
        boolean byKey = random.nextBoolean();
        List<String> orderColumns = new ArrayList<>(List.of("w.x", "w.g", "w.d", "w.s", "w.ts"));
        if (!byKey) {
            orderColumns.add("w.k");
        }
        java.util.Collections.shuffle(orderColumns, random);
        boolean dedup = random.nextInt(3) == 0;
        if (dedup) {
            orderColumns.remove("w.ts");
            orderColumns.add(0, "w.ts");
        }
        List<Item> items = new ArrayList<>();
        items.add(new Item(column(scope, "w.window_start"), "c0"));
        items.add(new Item(column(scope, "w.window_end"), "c1"));
        items.add(new Item(column(scope, "w.k"), "c2"));
        List<String> order = new ArrayList<>();
        for (String c : orderColumns) {
            if (!c.equals("w.k")) {
                items.add(new Item(column(scope, c), "c" + items.size()));
            }
            order.add(c + (random.nextBoolean() ? " DESC" : "") + " NULLS LAST");
        }
        String function = dedup ? "ROW_NUMBER" : pick("ROW_NUMBER", "RANK", "DENSE_RANK");
        String over =
                function
                        + "() OVER (PARTITION BY w.window_start, w.window_end"
                        + (byKey ? ", w.k" : "")
                        + " ORDER BY "
                        + String.join(", ", order)
                        + ")";
        items.add(new Item(Expr.same(over, Type.INT), "rn"));
        ExprGenerator g = new ExprGenerator(random, evScope("w"));
        Select inner =
                Select.of(
                        items,
                        new From.FinalWindow(w),
                        random.nextBoolean() ? conjuncts(g, 1) : List.of());
        List<Item> outer = new ArrayList<>();
        for (Expr c : itemScope(inner, "q")) {
            if (c.weir().equals("q.c0") || random.nextInt(3) == 0) {
                outer.add(new Item(c, "c" + outer.size()));
            }
        }
        int n = 1 + random.nextInt(3);
        String bound =
                dedup
                        ? "q.rn = 1"
                        : switch (random.nextInt(3)) {
                            case 0 -> "q.rn <= " + n;
                            case 1 -> "q.rn < " + (n + 1);
                            default -> "q.rn = 1";
                        };
        Select s =
                Select.of(
                        outer,
                        new From.Derived(inner, "q"),
                        List.of(Expr.same(bound, Type.BOOLEAN)));
        return new OracleQuery(
                "window-top-n",
                s,
                List.of(),
                Set.of(OracleQuery.WINDOW_TOP_N),
                0,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    /**
     * Window Top-N after a window aggregate (Flink's second form): the groups per key and window,
     * ranked per window by every column the aggregate selects (so rows tied for ROW_NUMBER are
     * equal rows), the top of each window once it is complete ({@link From.Completed}), whatever
     * the realization.
     */
    private OracleQuery windowTopNOfAggregate() {
        From.Window w = alignedWindow("ev", "w", true);
        ExprGenerator g = new ExprGenerator(random, evScope("w"));
        Expr k = Expr.same("w.k", Type.VARCHAR);
        Expr start = Expr.same("w.window_start", Type.TIMESTAMP);
        Expr end = Expr.same("w.window_end", Type.TIMESTAMP);
        // No DOUBLE aggregate: a sum of DOUBLEs may differ in its last bits between the engines,
        // and the ranking with it.
        List<Item> aggItems = new ArrayList<>();
        aggItems.add(new Item(start, "ws"));
        aggItems.add(new Item(end, "we"));
        aggItems.add(new Item(k, "k"));
        aggItems.add(new Item(Expr.same("COUNT(*)", Type.INT).asAggregate(), "n"));
        aggItems.add(new Item(Expr.same("SUM(w.x)", Type.INT).asAggregate(), "sx"));
        aggItems.add(new Item(Expr.decimal("MAX(w.d)", "max(w.d)", 2).asAggregate(), "md"));
        Select aggregate =
                new Select(
                        aggItems,
                        w,
                        random.nextBoolean() ? conjuncts(g, 1) : List.of(),
                        List.of(k, start, end),
                        null,
                        List.of(),
                        true,
                        List.of(),
                        -1);
        List<Expr> scope = itemScope(aggregate, "a");
        List<String> orderColumns = new ArrayList<>(List.of("a.n", "a.sx", "a.md", "a.k"));
        java.util.Collections.shuffle(orderColumns, random);
        List<Item> items = new ArrayList<>();
        items.add(new Item(column(scope, "a.ws"), "c0"));
        items.add(new Item(column(scope, "a.we"), "c1"));
        List<String> order = new ArrayList<>();
        for (String c : orderColumns) {
            items.add(new Item(column(scope, c), "c" + items.size()));
            order.add(c + (random.nextBoolean() ? " DESC" : "") + " NULLS LAST");
        }
        String function = pick("ROW_NUMBER", "RANK", "DENSE_RANK");
        String over =
                function
                        + "() OVER (PARTITION BY a.ws, a.we ORDER BY "
                        + String.join(", ", order)
                        + ")";
        items.add(new Item(Expr.same(over, Type.INT), "rn"));
        Select ranked =
                Select.of(items, new From.Completed(new From.Derived(aggregate, "a")), List.of());
        List<Item> outer = new ArrayList<>();
        for (Expr c : itemScope(ranked, "q")) {
            if (c.weir().equals("q.c0") || random.nextInt(2) == 0) {
                outer.add(new Item(c, "c" + outer.size()));
            }
        }
        int n = 1 + random.nextInt(3);
        String bound =
                switch (random.nextInt(3)) {
                    case 0 -> "q.rn <= " + n;
                    case 1 -> "q.rn < " + (n + 1);
                    default -> "q.rn = 1";
                };
        Select s =
                Select.of(
                        outer,
                        new From.Derived(ranked, "q"),
                        List.of(Expr.same(bound, Type.BOOLEAN)));
        return new OracleQuery(
                "window-top-n-aggregate",
                s,
                List.of(),
                Set.of(OracleQuery.WINDOW_TOP_N),
                0,
                random.nextBoolean(),
                false,
                java.util.Optional.empty());
    }

    private static Expr column(List<Expr> scope, String name) {
        return scope.stream().filter(e -> e.weir().equals(name)).findFirst().orElseThrow();
    }

    /** Shapes that known bugs live in: each must either answer right or be refused. */
    private OracleQuery probe() {
        ExprGenerator g = new ExprGenerator(random, evScope("e"));
        From ev = new From.Scan("ev", "e");
        switch (random.nextInt(6)) {
            case 0:
                {
                    String f =
                            pick(
                                    "CURRENT_TIMESTAMP",
                                    "CURRENT_DATE",
                                    "LOCALTIMESTAMP",
                                    "CURRENT_TIME",
                                    "LOCALTIME");
                    List<Item> items =
                            List.of(
                                    new Item(Expr.same("e.k", Type.VARCHAR), "c0"),
                                    new Item(
                                            Expr.of(
                                                    "(" + f + " IS NOT NULL)",
                                                    "TRUE",
                                                    Type.BOOLEAN),
                                            "c1"));
                    // The reference cannot know the time; the partition by a predicate over it can
                    // still be checked.
                    OracleQuery q =
                            query(
                                    "current-time",
                                    Select.of(items, ev, List.of()),
                                    Set.of("current-time"));
                    String now =
                            switch (f) {
                                case "CURRENT_DATE" -> "CAST(CURRENT_DATE AS TIMESTAMP)";
                                case "CURRENT_TIMESTAMP" -> "CURRENT_TIMESTAMP";
                                default -> "LOCALTIMESTAMP";
                            };
                    Expr p = Expr.same("(e.ts < " + now + ")", Type.BOOLEAN);
                    return new OracleQuery(
                            q.shape(),
                            q.select(),
                            q.views(),
                            q.features(),
                            0,
                            false,
                            false,
                            java.util.Optional.of(p));
                }
            case 1:
                {
                    // Deterministic OVER aggregates: per partition, or numbered by every column.
                    String[] over = {
                        "SUM(e.x) OVER (PARTITION BY e.k)",
                        "COUNT(*) OVER (PARTITION BY e.g)",
                        "MAX(e.d) OVER (PARTITION BY e.k, e.b)"
                    };
                    String o = pick(over);
                    List<Item> items =
                            List.of(
                                    new Item(Expr.same("e.k", Type.VARCHAR), "c0"),
                                    new Item(Expr.same("e.x", Type.INT), "c1"),
                                    new Item(
                                            Expr.of(
                                                    o,
                                                    o.replace("SUM(", "sum(")
                                                            .replace("COUNT(", "count(")
                                                            .replace("MAX(", "max("),
                                                    Type.INT),
                                            "c2"));
                    return query("over", Select.of(items, ev, conjuncts(g, 1)), Set.of("over"));
                }
            case 2:
                {
                    List<Item> items =
                            List.of(
                                    new Item(Expr.same("e.k", Type.VARCHAR), "c0"),
                                    new Item(
                                            Expr.of(
                                                    "ROW_NUMBER() OVER (PARTITION BY e.k ORDER BY e.x, e.g,"
                                                            + " e.d, e.s, e.ts)",
                                                    "row_number() OVER (PARTITION BY e.k ORDER BY e.x NULLS LAST, e.g"
                                                            + " NULLS LAST, e.d NULLS LAST, e.s NULLS LAST, e.ts NULLS"
                                                            + " LAST)",
                                                    Type.INT),
                                            "c1"));
                    return query("row-number", Select.of(items, ev, List.of()), Set.of("over"));
                }
            case 3:
                return refused(
                        "window-size-zero",
                        new From.Window("TUMBLE", "ev", "w", "ts", 0, 0, 0, null, true),
                        Set.of("window-size-zero"));
            case 4:
                return refused(
                        "cumulate-step",
                        new From.Window("CUMULATE", "ev", "w", "ts", 5000, 2000, 0, null, true),
                        Set.of("cumulate-step"));
            default:
                return refused(
                        "descriptor-not-watermark",
                        new From.Window("TUMBLE", "ev", "w", "ts2", 2000, 0, 0, null, true),
                        Set.of("descriptor-not-watermark"));
        }
    }

    private OracleQuery refused(String shape, From.Window w, Set<String> features) {
        List<Item> items =
                List.of(
                        new Item(Expr.same("w.window_start", Type.TIMESTAMP), "c0"),
                        new Item(Expr.same("COUNT(*)", Type.INT).asAggregate(), "c1"));
        List<Expr> groupBy =
                List.of(
                        Expr.same("w.window_start", Type.TIMESTAMP),
                        Expr.same("w.window_end", Type.TIMESTAMP));
        Select s = new Select(items, w, List.of(), groupBy, null, List.of(), true, List.of(), -1);
        return new OracleQuery(
                shape, s, List.of(), features, 0, false, true, java.util.Optional.empty());
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
