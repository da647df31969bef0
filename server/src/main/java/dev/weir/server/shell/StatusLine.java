package dev.weir.server.shell;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The line under a continuous query's header while it waits for its first rows: how long it has
 * waited, how many rows the query has read and its watermark, redrawn every second and erased when
 * the first row comes (or the wait ends otherwise). Only on a terminal: a script's output
 * redirected to a file gets no such line.
 */
final class StatusLine implements AutoCloseable {
    private static final long FIRST_AFTER_MILLIS = 1_000;
    private static final long EVERY_MILLIS = 1_000;

    private final PrintStream out = System.out;
    private final ScheduledExecutorService ticker;
    private final String sql;
    private final QueryFigures figures;
    private final long started = System.nanoTime();
    private boolean shown;

    private StatusLine(String sql, QueryFigures figures, boolean terminal) {
        this.sql = sql;
        this.figures = figures;
        if (terminal) {
            ticker =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "weir-shell-status");
                                t.setDaemon(true);
                                return t;
                            });
            ticker.scheduleWithFixedDelay(
                    this::draw, FIRST_AFTER_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    static StatusLine start(String sql, QueryFigures figures) {
        return new StatusLine(sql, figures, System.console() != null);
    }

    /** The line's text, e.g. {@code waiting for the first rows: 14 s, q3 read 12,345 rows...}. */
    static String text(long seconds, Optional<QueryFigures.Figures> figures) {
        StringBuilder b =
                new StringBuilder("waiting for the first rows: ").append(seconds).append(" s");
        figures.ifPresent(
                f ->
                        b.append(", ")
                                .append(f.id())
                                .append(" read ")
                                .append(String.format(Locale.ROOT, "%,d", f.rowsIn()))
                                .append(f.rowsIn() == 1 ? " row" : " rows")
                                .append(", watermark ")
                                .append(f.watermark() == null ? "none yet" : f.watermark()));
        return b.append(" (Ctrl-C stops it)").toString();
    }

    private void draw() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String line = text(seconds, figures.of(sql));
        synchronized (this) {
            if (ticker.isShutdown()) {
                return;
            }
            out.print("\r\033[2K\033[2m" + line + "\033[0m");
            out.flush();
            shown = true;
        }
    }

    /** Stops redrawing and erases the line, before the first row is printed. */
    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        synchronized (this) {
            ticker.shutdownNow();
            if (shown) {
                out.print("\r\033[2K");
                out.flush();
            }
        }
    }
}
