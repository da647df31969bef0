package dev.weir.sqltests.oracle;

import java.util.List;
import java.util.OptionalLong;

/** A FROM item, rendered in both dialects. */
sealed interface From {
    String weir();

    String duck(Render ctx);

    /**
     * How the reference is rendered for one realization.
     *
     * @param lateness the allowed lateness of windowed aggregates (their EMIT's ALLOWED_LATENESS)
     * @param completeOnly only windows the final watermark completed (AFTER WATERMARK)
     */
    record Render(OracleInput input, long lateness, boolean completeOnly) {}

    /** A stream, table or view. */
    record Scan(String relation, String alias) implements From {
        @Override
        public String weir() {
            return relation + " " + alias;
        }

        @Override
        public String duck(Render ctx) {
            return relation + " " + alias;
        }
    }

    /**
     * A stream read by an OVER aggregate, which emits each row once the watermark passes its time
     * and drops late rows: the reference reads only the rows that are not late (a time, after the
     * watermark at their arrival, {@code awm}) and that the final watermark has passed. Frames look
     * back only, so leaving out the rows after the final watermark changes no other row's frame.
     */
    record OnTime(String stream, String alias) implements From {
        @Override
        public String weir() {
            return stream + " " + alias;
        }

        @Override
        public String duck(Render ctx) {
            OptionalLong watermark = ctx.input().finalWatermark(stream);
            String complete = watermark.isEmpty() ? "FALSE" : "t_ms <= " + watermark.getAsLong();
            return "(SELECT * FROM "
                    + stream
                    + " WHERE t_ms IS NOT NULL AND (awm IS NULL OR t_ms > awm) AND "
                    + complete
                    + ") "
                    + alias;
        }
    }

    /** An inner join, outer join. */
    record Join(From left, From right, String kind, Expr on) implements From {
        @Override
        public String weir() {
            return left.weir() + " " + kind + " JOIN " + right.weir() + " ON " + on.weir();
        }

        @Override
        public String duck(Render ctx) {
            return left.duck(ctx) + " " + kind + " JOIN " + right.duck(ctx) + " ON " + on.duck();
        }
    }

    /**
     * A window join of two windowed streams ({@code a} and {@code b}, the ON joining their bounds):
     * each window's result comes out once the watermark (the lesser of the two streams') completes
     * it. In the reference each side keeps the rows of the windows the final watermark completed,
     * without its rows late by its own stream's watermark, then joins as SQL does.
     */
    record WindowJoin(Window left, Window right, String kind, Expr on) implements From {
        @Override
        public String weir() {
            return left.weir() + " " + kind + " JOIN " + right.weir() + " ON " + on.weir();
        }

        @Override
        public String duck(Render ctx) {
            OptionalLong w = joinWatermark(ctx, left.stream(), right.stream());
            return left.duck(ctx, w)
                    + " "
                    + kind
                    + " JOIN "
                    + right.duck(ctx, w)
                    + " ON "
                    + on.duck();
        }

        /** The lesser of the two streams' final watermarks; none on a side: no window complete. */
        static OptionalLong joinWatermark(Render ctx, String left, String right) {
            OptionalLong l = ctx.input().finalWatermark(left);
            OptionalLong r = ctx.input().finalWatermark(right);
            return OptionalLong.of(
                    l.isPresent() && r.isPresent()
                            ? Math.min(l.getAsLong(), r.getAsLong())
                            : Long.MIN_VALUE);
        }
    }

    /**
     * An interval join of two streams ({@code e} and {@code v}): the ON condition has key
     * equalities and bounds on {@code v.ts - e.ts}. In the reference each side keeps only its rows
     * that were not late by their own stream's watermark ({@code t_ms > awm}; a NULL time is never
     * late), and an outer join pads an unmatched row only if it is due by the final watermark (the
     * lesser of the two streams'): it can never match (a NULL time or key), or its last possible
     * match is at or below that watermark. A row neither due nor matched is dropped from its side
     * before the join (it matches nothing, so no other row changes).
     *
     * @param on the whole ON condition (keys, bounds, the rest), over aliases {@code e} and {@code
     *     v}
     * @param leftKeys the left key columns ({@code e.k}): a NULL one never matches
     * @param rightKeys the right key columns
     * @param lower the least {@code v.ts - e.ts} that matches, in ms
     * @param upper the greatest
     */
    record IntervalJoin(
            String left,
            String right,
            String kind,
            Expr on,
            List<String> leftKeys,
            List<String> rightKeys,
            long lower,
            long upper)
            implements From {
        @Override
        public String weir() {
            return left + " e " + kind + " JOIN " + right + " v ON " + on.weir();
        }

        @Override
        public String duck(Render ctx) {
            OptionalLong l = ctx.input().finalWatermark(left);
            OptionalLong r = ctx.input().finalWatermark(right);
            OptionalLong w =
                    l.isPresent() && r.isPresent()
                            ? OptionalLong.of(Math.min(l.getAsLong(), r.getAsLong()))
                            : OptionalLong.empty();
            String keptLeft = kept(left);
            String keptRight = kept(right);
            boolean padsLeft = kind.equals("LEFT") || kind.equals("FULL");
            boolean padsRight = kind.equals("RIGHT") || kind.equals("FULL");
            String leftSide =
                    padsLeft
                            ? "(SELECT e.* FROM "
                                    + keptLeft
                                    + " e WHERE "
                                    + due("e", leftKeys, w, "e.t_ms + " + upper)
                                    + " OR EXISTS (SELECT 1 FROM "
                                    + keptRight
                                    + " v WHERE "
                                    + on.duck()
                                    + "))"
                            : keptLeft;
            String rightSide =
                    padsRight
                            ? "(SELECT v.* FROM "
                                    + keptRight
                                    + " v WHERE "
                                    + due("v", rightKeys, w, "v.t_ms - " + lower)
                                    + " OR EXISTS (SELECT 1 FROM "
                                    + keptLeft
                                    + " e WHERE "
                                    + on.duck()
                                    + "))"
                            : keptRight;
            return leftSide + " e " + kind + " JOIN " + rightSide + " v ON " + on.duck();
        }

        /** The stream's rows that were not late for it. */
        static String kept(String stream) {
            return "(SELECT * FROM "
                    + stream
                    + " s WHERE s.t_ms IS NULL OR s.awm IS NULL OR s.t_ms > s.awm)";
        }

        /** Whether an unmatched row of {@code alias} is padded by the final watermark. */
        private static String due(
                String alias, List<String> keys, OptionalLong watermark, String expiry) {
            StringBuilder b = new StringBuilder("(" + alias + ".t_ms IS NULL");
            for (String key : keys) {
                b.append(" OR ").append(key).append(" IS NULL");
            }
            if (watermark.isPresent()) {
                b.append(" OR ").append(expiry).append(" <= ").append(watermark.getAsLong());
            }
            return b.append(')').toString();
        }
    }

    /**
     * An event-time temporal join: {@code left e [LEFT] JOIN right FOR SYSTEM_TIME AS OF e.ts AS v
     * ON e.k = v.k}. The reference: the left rows that were not late and that the final watermark
     * (the lesser of the two streams') reached, or with a NULL time (joined or padded at once);
     * each joins the right rows (not late, with a time) of its key at the latest time at or below
     * its own. Standard SQL rather than DuckDB's ASOF JOIN, which takes one row where several
     * versions share a time.
     *
     * <p>With a {@code versionedView} (Weir reads it in the stream's place: a last-row
     * deduplication of {@code right} per k by ts DESC, its NULL times filtered out), each left row
     * joins the one row the view held at its time: of those rows, the one that arrived last.
     */
    record TemporalJoin(String left, String right, String kind, String versionedView)
            implements From {
        TemporalJoin(String left, String right, String kind) {
            this(left, right, kind, null);
        }

        @Override
        public String weir() {
            return left
                    + " e "
                    + kind
                    + " JOIN "
                    + (versionedView == null ? right : versionedView)
                    + " FOR SYSTEM_TIME AS OF e.ts AS v ON e.k = v.k";
        }

        @Override
        public String duck(Render ctx) {
            OptionalLong l = ctx.input().finalWatermark(left);
            OptionalLong r = ctx.input().finalWatermark(right);
            String released =
                    l.isPresent() && r.isPresent()
                            ? "(e.t_ms IS NULL OR e.t_ms <= "
                                    + Math.min(l.getAsLong(), r.getAsLong())
                                    + ")"
                            : "e.t_ms IS NULL";
            String versions =
                    "(SELECT * FROM " + IntervalJoin.kept(right) + " r WHERE r.t_ms IS NOT NULL)";
            if (versionedView != null) {
                String leftSide =
                        "(SELECT e.*, (SELECT v2.arr FROM "
                                + versions
                                + " v2 WHERE v2.k = e.k AND v2.t_ms <= e.t_ms ORDER BY v2.t_ms DESC,"
                                + " v2.arr DESC LIMIT 1) AS version_arr__ FROM "
                                + IntervalJoin.kept(left)
                                + " e WHERE "
                                + released
                                + ")";
                return leftSide
                        + " e "
                        + kind
                        + " JOIN "
                        + versions
                        + " v ON e.k = v.k AND v.arr = e.version_arr__";
            }
            String leftSide =
                    "(SELECT e.*, (SELECT MAX(v2.t_ms) FROM "
                            + versions
                            + " v2 WHERE v2.k = e.k AND v2.t_ms <= e.t_ms) AS version_ms__ FROM "
                            + IntervalJoin.kept(left)
                            + " e WHERE "
                            + released
                            + ")";
            return leftSide
                    + " e "
                    + kind
                    + " JOIN "
                    + versions
                    + " v ON e.k = v.k AND v.t_ms = e.version_ms__";
        }
    }

    /** A subquery in FROM. */
    record Derived(Select inner, String alias) implements From {
        @Override
        public String weir() {
            return "(" + inner.weir() + ") " + alias;
        }

        @Override
        public String duck(Render ctx) {
            return "(" + inner.duck(ctx, false) + ") " + alias;
        }
    }

    /** {@code a UNION ALL b} in FROM. */
    record UnionAll(Select a, Select b, String alias) implements From {
        @Override
        public String weir() {
            return "(" + a.weir() + " UNION ALL " + b.weir() + ") " + alias;
        }

        @Override
        public String duck(Render ctx) {
            return "(" + a.duck(ctx, false) + " UNION ALL " + b.duck(ctx, false) + ") " + alias;
        }
    }

    /**
     * A windowing table function. In the reference, windows are arithmetic on the epoch
     * milliseconds {@code t_ms}: TUMBLE floors to the size (at the offset), HOP and CUMULATE unnest
     * the windows that cover a row, SESSION is gaps-and-islands (a LAG, then a running SUM of the
     * breaks). An aggregated window, and its rows realized AFTER WATERMARK, drop the rows that are
     * late for it: those that arrived when the watermark ({@code awm}) had passed the window's end
     * plus the allowed lateness.
     *
     * @param kind TUMBLE, HOP, CUMULATE or SESSION
     * @param size the size (TUMBLE, HOP, CUMULATE) or the gap (SESSION)
     * @param slide the slide (HOP) or step (CUMULATE)
     * @param partition SESSION's partition column, or null for one session space
     * @param timeColumn the DESCRIPTOR column
     * @param aggregated whether a GROUP BY window_start, window_end aggregates it
     */
    record Window(
            String kind,
            String stream,
            String alias,
            String timeColumn,
            long size,
            long slide,
            long offset,
            String partition,
            boolean aggregated)
            implements From {
        @Override
        public String weir() {
            String table = "TABLE " + stream;
            String args =
                    switch (kind) {
                        case "TUMBLE" ->
                                table
                                        + ", DESCRIPTOR("
                                        + timeColumn
                                        + "), "
                                        + Literals.interval(size)
                                        + (offset != 0 ? ", " + Literals.interval(offset) : "");
                        case "HOP", "CUMULATE" ->
                                table
                                        + ", DESCRIPTOR("
                                        + timeColumn
                                        + "), "
                                        + Literals.interval(slide)
                                        + ", "
                                        + Literals.interval(size)
                                        + (offset != 0 ? ", " + Literals.interval(offset) : "");
                        case "SESSION" ->
                                partition == null
                                        ? table
                                                + ", DESCRIPTOR("
                                                + timeColumn
                                                + "), "
                                                + Literals.interval(size)
                                        : table
                                                + " PARTITION BY "
                                                + partition
                                                + ", DESCRIPTOR("
                                                + timeColumn
                                                + "), "
                                                + Literals.interval(size);
                        default -> throw new IllegalStateException(kind);
                    };
            return "TABLE(" + kind + "(" + args + ")) " + alias;
        }

        private static String floorTo(String t, long unit, long offset) {
            return "(" + t + " - ((" + t + " - " + offset + ") % " + unit + " + " + unit + ") % "
                    + unit + ")";
        }

        @Override
        public String duck(Render ctx) {
            return duck(ctx, OptionalLong.empty());
        }

        /**
         * As {@link #duck(Render)}; with {@code joinWatermark}, the rows of a window join's input:
         * only windows that watermark completed, without the rows late for their own stream.
         */
        String duck(Render ctx, OptionalLong joinWatermark) {
            return duck(ctx, joinWatermark, stream);
        }

        /**
         * As above, the windows laid over {@code source}: the stream, or a subquery with the
         * columns a stream's view has ({@code t_ms}, {@code awm}, {@code arr}) and the time column.
         */
        String duck(Render ctx, OptionalLong joinWatermark, String source) {
            String t = "s.t_ms";
            String windows =
                    switch (kind) {
                        case "TUMBLE" ->
                                "SELECT s.*, "
                                        + floorTo(t, size, offset)
                                        + " AS ws_ms, "
                                        + floorTo(t, size, offset)
                                        + " + "
                                        + size
                                        + " AS we_ms FROM "
                                        + source
                                        + " s WHERE s."
                                        + timeColumn
                                        + " IS NOT NULL";
                        case "HOP" ->
                                // Every start on the slide's grid whose window still holds t.
                                "SELECT s.*, h.ws_ms, h.ws_ms + "
                                        + size
                                        + " AS we_ms FROM "
                                        + source
                                        + " s, LATERAL (SELECT unnest(generate_series("
                                        + floorTo(t, slide, offset)
                                        + " - "
                                        + (size / slide + 1) * slide
                                        + ", "
                                        + floorTo(t, slide, offset)
                                        + ", "
                                        + slide
                                        + ")) AS ws_ms) h WHERE s."
                                        + timeColumn
                                        + " IS NOT NULL AND h.ws_ms + "
                                        + size
                                        + " > "
                                        + t;
                        case "CUMULATE" ->
                                // One start (floored to the size); ends every step from the
                                // first step after t up to the size.
                                "SELECT s.*, "
                                        + floorTo(t, size, offset)
                                        + " AS ws_ms, c.we_ms FROM "
                                        + source
                                        + " s, LATERAL (SELECT unnest(generate_series("
                                        + floorTo(t, slide, offset)
                                        + " + "
                                        + slide
                                        + ", "
                                        + floorTo(t, size, offset)
                                        + " + "
                                        + size
                                        + ", "
                                        + slide
                                        + ")) AS we_ms) c WHERE s."
                                        + timeColumn
                                        + " IS NOT NULL";
                        case "SESSION" -> session();
                        default -> throw new IllegalStateException(kind);
                    };
            StringBuilder filter = new StringBuilder("TRUE");
            // AFTER WATERMARK over the rows themselves drops the late ones as an aggregate does.
            boolean dropsLate = aggregated || ctx.completeOnly();
            if (joinWatermark.isPresent() || dropsLate && !kind.equals("SESSION")) {
                filter.append(" AND (w.awm IS NULL OR w.we_ms + ")
                        .append(ctx.lateness())
                        .append(" > w.awm)");
            }
            // SESSION rows without aggregation come out once their session is complete.
            boolean complete =
                    aggregated ? ctx.completeOnly() : kind.equals("SESSION") || ctx.completeOnly();
            if (joinWatermark.isPresent()) {
                filter.append(" AND w.we_ms + ")
                        .append(ctx.lateness())
                        .append(" <= ")
                        .append(joinWatermark.getAsLong());
            } else if (complete) {
                OptionalLong w = ctx.input().finalWatermark(stream);
                filter.append(w.isPresent() ? " AND w.we_ms <= " + w.getAsLong() : " AND FALSE");
            }
            return "(SELECT w.*, epoch_ms(w.ws_ms) AS window_start, epoch_ms(w.we_ms) AS"
                    + " window_end FROM ("
                    + windows
                    + ") w WHERE "
                    + filter
                    + ") "
                    + alias;
        }

        /**
         * Gaps and islands: a row starts a new session when it is more than a gap after the
         * previous one of its partition (rows exactly a gap apart are one session, as sessions that
         * touch merge); the session spans its first row to its last plus the gap.
         */
        private String session() {
            String by = partition == null ? "" : "PARTITION BY s." + partition + " ";
            String byY = partition == null ? "" : "PARTITION BY y." + partition + " ";
            String byZ =
                    partition == null
                            ? "PARTITION BY z.sid"
                            : "PARTITION BY z." + partition + ", z.sid";
            return "SELECT z.*, min(z.t_ms) OVER ("
                    + byZ
                    + ") AS ws_ms, max(z.t_ms) OVER ("
                    + byZ
                    + ") + "
                    + size
                    + " AS we_ms FROM (SELECT y.*, sum(y.brk) OVER ("
                    + byY
                    + "ORDER BY y.t_ms, y.arr ROWS UNBOUNDED PRECEDING) AS sid FROM (SELECT s.*,"
                    + " CASE WHEN s.t_ms - lag(s.t_ms) OVER ("
                    + by
                    + "ORDER BY s.t_ms, s.arr) <= "
                    + size
                    + " THEN 0 ELSE 1 END AS brk FROM "
                    + stream
                    + " s WHERE s."
                    + timeColumn
                    + " IS NOT NULL) y) z";
        }
    }

    /**
     * A windowing function read by a window Top-N, which ranks a window's rows once the watermark
     * passes its end and drops the rows late for their window: the reference reads the rows not
     * late for their window ({@code we_ms > awm}), in the windows the final watermark completed,
     * under every realization.
     */
    record FinalWindow(Window window) implements From {
        @Override
        public String weir() {
            return window.weir();
        }

        @Override
        public String duck(Render ctx) {
            Window aggregated =
                    new Window(
                            window.kind(),
                            window.stream(),
                            window.alias(),
                            window.timeColumn(),
                            window.size(),
                            window.slide(),
                            window.offset(),
                            window.partition(),
                            true);
            return aggregated.duck(new Render(ctx.input(), 0, true));
        }
    }

    /**
     * A FROM item whose rows come out only for the windows the watermark completed, whatever the
     * realization: a window Top-N over a window aggregate ranks each window once, when it is
     * complete. The reference renders {@code from} as AFTER WATERMARK would.
     */
    record Completed(From from) implements From {
        @Override
        public String weir() {
            return from.weir();
        }

        @Override
        public String duck(Render ctx) {
            return from.duck(new Render(ctx.input(), 0, true));
        }
    }

    /**
     * Cascaded windows: {@code outer}'s windowing function laid over the {@code window_end} of an
     * inner window aggregate ({@code inner}, which selects it as {@code timeAlias}). The inner
     * windows feed the outer ones as they complete, final and never late for them (the inner
     * aggregate emits a window before it passes on the watermark that completed it), so in the
     * reference the inner aggregate keeps its complete windows only, its rows are never late, and
     * the outer windows follow the inner stream's final watermark.
     *
     * @param outer the outer window; its {@code stream} is the inner window's stream (whose
     *     watermark completes both), its {@code timeColumn} is {@code timeAlias}
     */
    record Cascade(Window outer, Select inner) implements From {
        @Override
        public String weir() {
            String tvf = outer.weir();
            String table = "TABLE " + outer.stream() + ",";
            int at = tvf.indexOf(table);
            return tvf.substring(0, at)
                    + "("
                    + inner.weir()
                    + "),"
                    + tvf.substring(at + table.length());
        }

        @Override
        public String duck(Render ctx) {
            String source =
                    "(SELECT q.*, epoch_ms(q."
                            + outer.timeColumn()
                            + ") AS t_ms, CAST(NULL AS BIGINT) AS awm, 0 AS arr FROM ("
                            + inner.duck(new Render(ctx.input(), 0, true), false)
                            + ") q)";
            return outer.duck(ctx, OptionalLong.empty(), source);
        }
    }

    /**
     * A semi or anti window join: the left window's rows ({@code left}) that a row of the right
     * window ({@code right}) with the same bounds matches ({@code on}), or that none matches.
     * Weir's query writes it as a WHERE [NOT] EXISTS / IN over {@code right} (the select's conjunct
     * {@link #weirCondition}); the reference filters the left rows here, each side without its rows
     * late by its own stream and in the windows the lesser final watermark completed, as a window
     * join.
     */
    record WindowSemiJoin(Window left, Window right, boolean anti, Expr on) implements From {
        /** The reference's side of the Weir-only conjunct: the filtering is done in the FROM. */
        static final String IN_FROM = "TRUE /* semi or anti join: in FROM */";

        @Override
        public String weir() {
            return left.weir();
        }

        /** The conjunct of Weir's WHERE, in the form given ({@code EXISTS}, {@code IN}). */
        Expr weirCondition(String form) {
            String rightSql = right.weir();
            String sql =
                    switch (form) {
                        case "IN" ->
                                // on is "a.k = b.k AND <the rest>": the key moves to IN.
                                "a.k "
                                        + (anti ? "NOT IN" : "IN")
                                        + " (SELECT b.k FROM "
                                        + rightSql
                                        + " WHERE "
                                        + on.weir().replaceFirst("^a\\.k = b\\.k AND ", "")
                                        + ")";
                        default ->
                                (anti ? "NOT EXISTS" : "EXISTS")
                                        + " (SELECT 1 FROM "
                                        + rightSql
                                        + " WHERE "
                                        + on.weir()
                                        + ")";
                    };
            return Expr.of(sql, IN_FROM, Expr.Type.BOOLEAN);
        }

        @Override
        public String duck(Render ctx) {
            OptionalLong w = WindowJoin.joinWatermark(ctx, left.stream(), right.stream());
            String leftRows = left.duck(ctx, w);
            String alias = left.alias();
            return "(SELECT * FROM "
                    + leftRows
                    + " WHERE "
                    + (anti ? "NOT " : "")
                    + "EXISTS (SELECT 1 FROM "
                    + right.duck(ctx, w)
                    + " WHERE "
                    + on.duck()
                    + ")) "
                    + alias;
        }
    }

    /**
     * One input of a window join that is itself aggregated: the window's rows as the join's input
     * reads them ({@link Window#duck(Render, OptionalLong)} with the lesser final watermark of its
     * stream and {@code otherStream}): without its rows late by its own stream, in the windows the
     * join completed.
     */
    record JoinedWindow(Window window, String otherStream) implements From {
        @Override
        public String weir() {
            return window.weir();
        }

        @Override
        public String duck(Render ctx) {
            return window.duck(ctx, WindowJoin.joinWatermark(ctx, window.stream(), otherStream));
        }
    }

    /** Every window FROM item under this one (for the realizations that apply). */
    static void windows(From from, List<Window> found) {
        if (from instanceof Window w) {
            found.add(w);
        } else if (from instanceof FinalWindow f) {
            found.add(f.window());
        } else if (from instanceof Join j) {
            windows(j.left(), found);
            windows(j.right(), found);
        } else if (from instanceof Derived d) {
            windows(d.inner().from(), found);
        } else if (from instanceof UnionAll u) {
            windows(u.a().from(), found);
            windows(u.b().from(), found);
        }
    }
}
