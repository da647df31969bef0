package dev.weir.sqltests.oracle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A generated query: its SELECT, the views it reads (created first, in both engines), and what its
 * realizations are.
 *
 * @param shape what kind of query it is, for counting refusals per shape
 * @param features what it uses that a known bug may depend on (see {@link KnownBugs})
 * @param lateness a windowed aggregate's ALLOWED_LATENESS under EMIT (0: none)
 * @param viewAfterWatermark whether its materialized view is EMIT AFTER WATERMARK
 * @param mustBeRefused a statement outside the dialect: a coded refusal is right, anything else (an
 *     answer or an internal error) is a failure
 * @param partition a predicate for ternary logic partitioning of a query without aggregation: its
 *     rows must be those WHERE p, plus WHERE NOT p, plus WHERE p IS NULL (a check that needs no
 *     reference, for what the reference cannot compute, such as CURRENT_TIMESTAMP)
 */
record OracleQuery(
        String shape,
        Select select,
        List<View> views,
        Set<String> features,
        long lateness,
        boolean viewAfterWatermark,
        boolean mustBeRefused,
        java.util.Optional<Expr> partition) {

    /**
     * The feature of a window Top-N at the root: its rows are final once the watermark passes their
     * window, so it is realized AFTER WATERMARK too.
     */
    static final String WINDOW_TOP_N = "window-top-n";

    /**
     * The feature of a windowing function's rows at the root (window_end selected): realized AFTER
     * WATERMARK too, each row once its window is complete.
     */
    static final String WINDOW_ROWS = "window-rows";

    /**
     * The feature of a final result at the root that is neither a window aggregate nor a window
     * Top-N (a window join, an aggregate of windowed rows): realized AFTER WATERMARK too.
     */
    static final String FINAL_ROWS = "final-rows";

    /**
     * The feature of a query that runs only realized AFTER WATERMARK (cascaded windows: a windowing
     * function takes an append-only input, which the inner window aggregate is only when final);
     * its materialized view is EMIT AFTER WATERMARK.
     */
    static final String FINAL_ONLY = "final-only";

    /** A view the query reads, in both dialects. */
    record View(String name, Select select) {}

    OracleQuery {
        views = List.copyOf(views);
        features = Set.copyOf(features);
    }

    String weirSql() {
        return select.weir();
    }

    String duckSql(OracleInput input, Realization r) {
        return select.duck(new From.Render(input, r.lateness(this), r.completeOnly(this)), true);
    }

    List<String> weirSetup() {
        List<String> out = new ArrayList<>();
        for (View v : views) {
            out.add("CREATE VIEW " + v.name() + " AS " + v.select().weir());
        }
        return out;
    }

    List<String> duckSetup(OracleInput input) {
        List<String> out = new ArrayList<>();
        for (View v : views) {
            out.add(
                    "CREATE OR REPLACE VIEW "
                            + v.name()
                            + " AS "
                            + v.select().duck(new From.Render(input, 0, false), false));
        }
        return out;
    }

    boolean windowAggregateAtRoot() {
        return select.from() instanceof From.Window w && w.aggregated();
    }

    boolean ordered() {
        return !select.orderBy().isEmpty() || select.limit() >= 0;
    }

    /**
     * The realizations that apply. Materialized views run as jobs side by side, and a few dozen of
     * them on two cores slow everything down: a round gives a third of its queries a view and
     * another third a view across a restart.
     *
     * @param slot the query's position in its round
     * @param withDelay whether this round also realizes with EMIT ... AFTER DELAY (which waits)
     */
    Set<Realization> realizations(int slot, boolean withDelay) {
        if (ordered()) {
            return EnumSet.of(Realization.TABLE);
        }
        Set<Realization> all = EnumSet.of(Realization.TABLE, Realization.STREAM);
        if (features.contains(FINAL_ONLY)) {
            all = EnumSet.of(Realization.FINAL, Realization.TABLE_FINAL);
        } else if (windowAggregateAtRoot()
                || features.contains(WINDOW_TOP_N)
                || features.contains(WINDOW_ROWS)
                || features.contains(FINAL_ROWS)) {
            all.add(Realization.FINAL);
            all.add(Realization.TABLE_FINAL);
        }
        if (!windowAggregateAtRoot() && !features.contains(FINAL_ONLY) && withDelay) {
            all.add(Realization.DELAY);
        }
        if (slot % 3 == 0) {
            all.add(Realization.VIEW);
        } else if (slot % 3 == 1) {
            all.add(Realization.VIEW_RESTART);
        }
        return all;
    }

    /** The statement for a realization (the view's CREATE for VIEW and VIEW_RESTART). */
    String weirStatement(Realization r, String viewName) {
        String with =
                lateness > 0 && windowAggregateAtRoot()
                        ? " WITH (ALLOWED_LATENESS = " + Literals.interval(lateness) + ")"
                        : "";
        return switch (r) {
            case TABLE -> weirSql();
            case STREAM -> weirSql() + " EMIT STREAM" + with;
            case FINAL -> weirSql() + " EMIT STREAM AFTER WATERMARK" + with;
            case TABLE_FINAL -> weirSql() + " EMIT AFTER WATERMARK" + with;
            case DELAY -> weirSql() + " EMIT STREAM AFTER DELAY INTERVAL '0.001' SECOND";
            case VIEW, VIEW_RESTART ->
                    "CREATE MATERIALIZED VIEW "
                            + viewName
                            + " AS "
                            + weirSql()
                            + (viewAfterWatermark ? " EMIT AFTER WATERMARK" + with : "");
        };
    }

    /**
     * The three partitions of the query by its partition predicate: WHERE p, WHERE NOT p, WHERE p
     * IS NULL (each a query of its own, so that a failure of one is reported as itself).
     */
    List<OracleQuery> partitions() {
        Expr p = partition.orElseThrow();
        List<OracleQuery> out = new ArrayList<>();
        for (String condition :
                List.of(p.weir(), "NOT " + p.weir(), "(" + p.weir() + ") IS NULL")) {
            List<Expr> where = new ArrayList<>(select.where());
            where.add(Expr.same("(" + condition + ")", Expr.Type.BOOLEAN));
            out.add(
                    new OracleQuery(
                            shape + "-partition",
                            select.withWhere(where),
                            views,
                            features,
                            lateness,
                            viewAfterWatermark,
                            mustBeRefused,
                            java.util.Optional.empty()));
        }
        return out;
    }

    /** Smaller variants for the shrinker. */
    List<OracleQuery> smaller() {
        List<OracleQuery> out = new ArrayList<>();
        for (Select s : select.smaller()) {
            out.add(withSelect(s));
        }
        if (lateness > 0) {
            out.add(
                    new OracleQuery(
                            shape,
                            select,
                            views,
                            features,
                            0,
                            viewAfterWatermark,
                            mustBeRefused,
                            partition));
        }
        for (int i = 0; i < views.size(); i++) {
            for (Select s : views.get(i).select().smaller()) {
                List<View> vs = new ArrayList<>(views);
                vs.set(i, new View(views.get(i).name(), s));
                out.add(
                        new OracleQuery(
                                shape,
                                select,
                                vs,
                                features,
                                lateness,
                                viewAfterWatermark,
                                mustBeRefused,
                                partition));
            }
        }
        return out;
    }

    OracleQuery withSelect(Select s) {
        return new OracleQuery(
                shape, s, views, features, lateness, viewAfterWatermark, mustBeRefused, partition);
    }
}
