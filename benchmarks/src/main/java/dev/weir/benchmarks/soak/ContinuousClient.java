package dev.weir.benchmarks.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client: its own connection and thread, running one continuous query and reading its rows for
 * as long as the soak lasts, counting them. A query that ends or fails before it is stopped is a
 * failure of the soak.
 */
final class ContinuousClient implements AutoCloseable {
    private final SoakWorkload.Query query;
    private final String url;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Statement statement;
    private volatile Connection connection;

    ContinuousClient(SoakWorkload.Query query, String url) {
        this.query = query;
        this.url = url;
        this.thread = new Thread(this::run, "soak-client-" + query.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            connection = c;
            statement = s;
            if (stopping) {
                return;
            }
            try (ResultSet rs = s.executeQuery(query.sql())) {
                while (rs.next()) {
                    rows.incrementAndGet();
                }
            }
            if (!stopping) {
                failure.compareAndSet(null, "the query ended (its result set closed)");
            }
        } catch (SQLException | RuntimeException e) {
            if (!stopping) {
                failure.compareAndSet(null, e.toString());
            }
        }
    }

    String name() {
        return query.name();
    }

    long rows() {
        return rows.get();
    }

    /** Why the query stopped before it was told to, if it did. */
    String failure() {
        return failure.get();
    }

    /** Stops the query (a cancel, then closing the connection) and waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Statement s = statement;
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException e) {
                // closing the connection below ends it too
            }
        }
        thread.join(10_000);
        Connection c = connection;
        if (thread.isAlive() && c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // the thread's own close reports nothing more useful
            }
            thread.join(10_000);
        }
        if (thread.isAlive()) {
            failure.compareAndSet(null, "the query did not stop within 20 s of its cancel");
        }
    }
}
