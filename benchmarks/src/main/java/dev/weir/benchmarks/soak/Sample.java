package dev.weir.benchmarks.soak;

import java.util.Locale;

/**
 * One look at the server process.
 *
 * @param seconds since the clients started (negative: before, the baseline)
 * @param rssBytes resident set size ({@code /proc/PID/status} VmRSS)
 * @param heapAfterGcBytes heap in use right after a forced full GC ({@code jcmd PID GC.run})
 * @param threads live threads of the process ({@code /proc/PID/status} Threads)
 * @param openFiles entries of {@code /proc/PID/fd}
 * @param stateBytes bytes of the data directory's files, its logs excepted
 * @param rowsIn rows every running query's sources have read so far (weir_query_rows_in, summed)
 * @param maxLagSeconds the largest watermark lag (wall clock minus watermark) of any query
 * @param clientRows rows all clients have received so far
 * @param idleClients clients that received no row since the previous sample
 */
public record Sample(
        long seconds,
        long rssBytes,
        long heapAfterGcBytes,
        long threads,
        long openFiles,
        long stateBytes,
        long rowsIn,
        double maxLagSeconds,
        long clientRows,
        int idleClients) {
    static final String HEADER =
            String.format(
                    Locale.ROOT,
                    "%7s %8s %9s %7s %6s %9s %12s %7s %12s %5s",
                    "t(s)",
                    "rss(MB)",
                    "heapGC(MB)",
                    "threads",
                    "fds",
                    "state(MB)",
                    "rows_in",
                    "lag(s)",
                    "client_rows",
                    "idle");

    /** One line of the table. */
    String line() {
        return String.format(
                Locale.ROOT,
                "%7d %8.1f %9.1f %7d %6d %9.1f %12d %7.1f %12d %5d",
                seconds,
                rssBytes / 1048576.0,
                heapAfterGcBytes / 1048576.0,
                threads,
                openFiles,
                stateBytes / 1048576.0,
                rowsIn,
                maxLagSeconds,
                clientRows,
                idleClients);
    }
}
