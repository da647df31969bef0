package dev.weir.executor.connector.log;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one background thread that fsyncs logs under {@link FsyncPolicy#INTERVAL}: one thread for all
 * logs rather than one per stream. A daemon, so it never keeps the JVM alive.
 */
final class LogFlusher {
    private static final ScheduledExecutorService EXECUTOR =
            Executors.newSingleThreadScheduledExecutor(
                    task -> {
                        Thread thread = new Thread(task, "weir-log-fsync");
                        thread.setDaemon(true);
                        return thread;
                    });

    private LogFlusher() {}

    static ScheduledFuture<?> schedule(Runnable flush, long intervalMillis) {
        return EXECUTOR.scheduleWithFixedDelay(
                flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
}
