package dev.weir.sqltests.oracle;

import java.util.ArrayList;
import java.util.List;

/**
 * One SELECT block in both dialects.
 *
 * @param grouping null for a plain GROUP BY (or none), else ROLLUP, CUBE or SETS (the grouping sets
 *     (all keys), (first key), ()); or, for a window aggregate whose first two keys are its bounds,
 *     W_ROLLUP, W_CUBE or W_SETS: the same over the other keys, every set keeping both bounds
 *     ({@code GROUP BY window_start, window_end, ROLLUP (a, b)}, Flink's windowed grouping sets)
 * @param aggregated whether it aggregates (a GROUP BY, or aggregates without one)
 * @param orderBy for each output column in order, "ASC" or "DESC"; empty for none
 * @param limit -1 for none
 */
record Select(
        List<Item> items,
        From from,
        List<Expr> where,
        List<Expr> groupBy,
        String grouping,
        List<Expr> having,
        boolean aggregated,
        List<String> orderBy,
        int limit) {

    /** A select item and its alias (c0, c1, ...: never a column's name). */
    record Item(Expr expr, String alias) {}

    Select {
        items = List.copyOf(items);
        where = List.copyOf(where);
        groupBy = List.copyOf(groupBy);
        having = List.copyOf(having);
        orderBy = List.copyOf(orderBy);
    }

    static Select of(List<Item> items, From from, List<Expr> where) {
        return new Select(items, from, where, List.of(), null, List.of(), false, List.of(), -1);
    }

    String weir() {
        StringBuilder b = new StringBuilder("SELECT ");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ")
                    .append(items.get(i).expr().weir())
                    .append(" AS ")
                    .append(items.get(i).alias());
        }
        b.append(" FROM ").append(from.weir());
        appendConjuncts(b, " WHERE ", where, true);
        appendGroupBy(b, true);
        appendConjuncts(b, " HAVING ", having, true);
        if (!orderBy.isEmpty()) {
            b.append(" ORDER BY ");
            for (int i = 0; i < orderBy.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(items.get(i).alias()).append(' ');
                b.append(orderBy.get(i));
            }
        }
        if (limit >= 0) {
            b.append(" LIMIT ").append(limit);
        }
        return b.toString();
    }

    /**
     * @param top whether this is the query's result (its timestamps are handed out as epoch
     *     milliseconds) or a subquery
     */
    String duck(From.Render ctx, boolean top) {
        StringBuilder b = new StringBuilder("SELECT ");
        for (int i = 0; i < items.size(); i++) {
            Expr e = items.get(i).expr();
            b.append(i == 0 ? "" : ", ")
                    .append(top ? e.duckOutput() : e.duck())
                    .append(" AS ")
                    .append(items.get(i).alias());
        }
        b.append(" FROM ").append(from.duck(ctx));
        appendConjuncts(b, " WHERE ", where, false);
        appendGroupBy(b, false);
        appendConjuncts(b, " HAVING ", having, false);
        if (!orderBy.isEmpty()) {
            b.append(" ORDER BY ");
            for (int i = 0; i < orderBy.size(); i++) {
                // The dialect's NULL order (Calcite's default): NULLs sort as the largest value,
                // last ascending and first descending. DuckDB puts them last either way.
                b.append(i == 0 ? "" : ", ")
                        .append(items.get(i).alias())
                        .append(' ')
                        .append(orderBy.get(i))
                        .append(orderBy.get(i).equals("ASC") ? " NULLS LAST" : " NULLS FIRST");
            }
        }
        if (limit >= 0) {
            b.append(" LIMIT ").append(limit);
        }
        return b.toString();
    }

    private static void appendConjuncts(
            StringBuilder b, String keyword, List<Expr> conjuncts, boolean weir) {
        for (int i = 0; i < conjuncts.size(); i++) {
            b.append(i == 0 ? keyword : " AND ")
                    .append(weir ? conjuncts.get(i).weir() : conjuncts.get(i).duck());
        }
    }

    private void appendGroupBy(StringBuilder b, boolean weir) {
        if (groupBy.isEmpty()) {
            if (grouping != null) {
                b.append(" GROUP BY ()");
            }
            return;
        }
        List<String> keys = new ArrayList<>();
        for (Expr e : groupBy) {
            keys.add(weir ? e.weir() : e.duck());
        }
        String list = String.join(", ", keys);
        b.append(" GROUP BY ");
        if (grouping != null && grouping.startsWith("W_")) {
            appendWindowedSets(b, keys, weir);
        } else if (grouping == null) {
            b.append(list);
        } else if (grouping.equals("SETS")) {
            b.append("GROUPING SETS ((").append(list).append("), (").append(keys.get(0));
            b.append("), ())");
        } else {
            b.append(grouping).append('(').append(list).append(')');
        }
    }

    /**
     * Windowed grouping sets: the bounds (the first two keys) in every set. Weir gets Flink's form
     * ({@code ws, we, ROLLUP (a, b)}); DuckDB the sets written out, each with both bounds.
     */
    private void appendWindowedSets(StringBuilder b, List<String> keys, boolean weir) {
        List<String> bounds = keys.subList(0, 2);
        List<String> rest = keys.subList(2, keys.size());
        if (rest.isEmpty()) {
            b.append(String.join(", ", bounds));
            return;
        }
        String kind = grouping.substring(2);
        if (weir) {
            b.append(String.join(", ", bounds)).append(", ");
            if (kind.equals("SETS")) {
                b.append("GROUPING SETS ((").append(String.join(", ", rest)).append("), (");
                b.append(rest.get(0)).append("), ())");
            } else {
                b.append(kind).append(" (").append(String.join(", ", rest)).append(')');
            }
            return;
        }
        List<List<String>> sets = new ArrayList<>();
        switch (kind) {
            case "ROLLUP" -> {
                for (int n = rest.size(); n >= 0; n--) {
                    sets.add(rest.subList(0, n));
                }
            }
            case "CUBE" -> {
                for (int mask = (1 << rest.size()) - 1; mask >= 0; mask--) {
                    List<String> set = new ArrayList<>();
                    for (int i = 0; i < rest.size(); i++) {
                        if ((mask & (1 << i)) != 0) {
                            set.add(rest.get(i));
                        }
                    }
                    sets.add(set);
                }
            }
            default -> {
                sets.add(rest);
                sets.add(rest.subList(0, 1));
                sets.add(List.of());
            }
        }
        b.append("GROUPING SETS (");
        for (int i = 0; i < sets.size(); i++) {
            List<String> set = new ArrayList<>(bounds);
            set.addAll(sets.get(i));
            b.append(i == 0 ? "(" : ", (").append(String.join(", ", set)).append(')');
        }
        b.append(')');
    }

    /** Smaller variants for the shrinker: one item, conjunct, key or feature fewer. */
    List<Select> smaller() {
        List<Select> out = new ArrayList<>();
        for (int i = 0; items.size() > 1 && i < items.size() && orderBy.isEmpty(); i++) {
            List<Item> fewer = new ArrayList<>(items);
            fewer.remove(i);
            out.add(withItems(fewer));
        }
        for (int i = 0; i < where.size(); i++) {
            if (where.get(i).duck().equals(From.WindowSemiJoin.IN_FROM)) {
                continue; // a semi or anti window join's condition: its reference is in the FROM
            }
            List<Expr> fewer = new ArrayList<>(where);
            fewer.remove(i);
            out.add(
                    new Select(
                            items,
                            from,
                            fewer,
                            groupBy,
                            grouping,
                            having,
                            aggregated,
                            orderBy,
                            limit));
        }
        for (int i = 0; i < having.size(); i++) {
            List<Expr> fewer = new ArrayList<>(having);
            fewer.remove(i);
            out.add(
                    new Select(
                            items,
                            from,
                            where,
                            groupBy,
                            grouping,
                            fewer,
                            aggregated,
                            orderBy,
                            limit));
        }
        if (grouping != null) {
            out.add(
                    new Select(
                            items, from, where, groupBy, null, having, aggregated, orderBy, limit));
        }
        for (int i = 0; i < groupBy.size(); i++) {
            Expr key = groupBy.get(i);
            if (key.weir().endsWith("window_start") || key.weir().endsWith("window_end")) {
                continue;
            }
            List<Expr> fewer = new ArrayList<>(groupBy);
            fewer.remove(i);
            List<Item> kept = new ArrayList<>();
            for (Item item : items) {
                if (!item.expr().equals(key)) {
                    kept.add(item);
                }
            }
            if (!kept.isEmpty()) {
                out.add(
                        new Select(
                                kept,
                                from,
                                where,
                                fewer,
                                fewer.isEmpty() ? null : grouping,
                                having,
                                aggregated,
                                List.of(),
                                limit));
            }
        }
        if (from instanceof From.Derived d) {
            for (Select inner : d.inner().smaller()) {
                out.add(withFrom(new From.Derived(inner, d.alias())));
            }
        }
        if (from instanceof From.UnionAll u) {
            for (Select a : u.a().smaller()) {
                out.add(withFrom(new From.UnionAll(a, u.b(), u.alias())));
            }
            for (Select b : u.b().smaller()) {
                out.add(withFrom(new From.UnionAll(u.a(), b, u.alias())));
            }
        }
        return out;
    }

    Select withItems(List<Item> newItems) {
        return new Select(
                newItems, from, where, groupBy, grouping, having, aggregated, orderBy, limit);
    }

    Select withFrom(From newFrom) {
        return new Select(
                items, newFrom, where, groupBy, grouping, having, aggregated, orderBy, limit);
    }

    Select withWhere(List<Expr> newWhere) {
        return new Select(
                items, from, newWhere, groupBy, grouping, having, aggregated, orderBy, limit);
    }
}
