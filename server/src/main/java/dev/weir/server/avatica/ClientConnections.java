package dev.weir.server.avatica;

import dev.weir.common.error.ErrorCode;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

/**
 * The Avatica connections clients opened: their properties, who opened them and when they were last
 * used. A request that names a connection that is not here (never opened, closed, reaped, or opened
 * by another user) gets Avatica's {@link NoSuchConnectionException}, on which Avatica's client
 * opens its connection again; nothing here changes for it.
 */
final class ClientConnections {
    /** One open connection. */
    static final class Client {
        final String id;
        final Map<String, String> info;

        /** The user who opened it; empty when the server takes no users. */
        final String user;

        final ConnectionPropertiesImpl properties = defaultProperties();
        volatile long lastAccessMillis = System.currentTimeMillis();

        Client(String id, Map<String, String> info, String user) {
            this.id = id;
            this.info = info;
            this.user = user;
        }
    }

    /**
     * Avatica's missing connection, with a message (Avatica's error response repeats the message,
     * and its own exception has none) and no stack trace (the response carries the trace, and the
     * server's insides are not the client's business).
     */
    private static final class MissingConnection extends NoSuchConnectionException {
        private static final long serialVersionUID = 1L;

        MissingConnection(String id) {
            super(id);
            setStackTrace(new StackTraceElement[0]);
        }

        @Override
        public String getMessage() {
            return "Connection not found: invalid id, closed, or expired: " + getConnectionId();
        }
    }

    private final Map<String, Client> open = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private volatile int max = Integer.MAX_VALUE;
    private volatile String option = "";

    int count() {
        return open.size();
    }

    void limit(int max, String option) {
        if (max <= 0) {
            throw new IllegalArgumentException("The connection limit must be positive: " + max);
        }
        this.max = max;
        this.option = option;
    }

    long refused() {
        return refused.sum();
    }

    /**
     * Opens {@code id} for {@code user}. An id that is open already is refused, as Avatica's own
     * server does: a client never opens one id twice, so a second open is someone else's. Past the
     * limit, refused with {@link ErrorCode#TOO_MANY_CONNECTIONS}.
     */
    void open(String id, Map<String, String> info, String user) {
        String checked = checkedId(id);
        Client client = new Client(checked, info == null ? Map.of() : Map.copyOf(info), user);
        // One open at a time, so that two cannot both take the last place.
        synchronized (this) {
            int limit = max;
            if (open.size() >= limit && !open.containsKey(checked)) {
                refused.increment();
                throw tooMany(limit);
            }
            if (open.putIfAbsent(checked, client) != null) {
                throw protocolError("Connection " + checked + " is open already.");
            }
        }
    }

    private AvaticaRuntimeException tooMany(int limit) {
        ErrorCode code = ErrorCode.TOO_MANY_CONNECTIONS;
        AvaticaRuntimeException error =
                new AvaticaRuntimeException(
                        "Too many connections: the server takes at most "
                                + limit
                                + " open connections, and has that many. Close connections"
                                + " you no longer use, or start the server with a higher "
                                + option
                                + ". ["
                                + code
                                + "]",
                        code.code(),
                        code.sqlState(),
                        AvaticaSeverity.ERROR);
        error.setStackTrace(new StackTraceElement[0]);
        return error;
    }

    /**
     * The open connection {@code id} of {@code user}, its use noted; otherwise Avatica's missing
     * connection error (another user's connection is missing too: it is not theirs to use, nor to
     * learn about).
     */
    Client require(String id, String user) {
        Client client = id == null ? null : open.get(id);
        if (client == null || !Objects.equals(client.user, user)) {
            throw new MissingConnection(id);
        }
        client.lastAccessMillis = System.currentTimeMillis();
        return client;
    }

    /** Whether {@code id} is open by {@code user}; notes nothing. */
    boolean isOpen(String id, String user) {
        Client client = id == null ? null : open.get(id);
        return client != null && Objects.equals(client.user, user);
    }

    /** Forgets {@code id}; false when it was not open (by {@code user}). */
    boolean close(String id, String user) {
        Client client = id == null ? null : open.get(id);
        return client != null && Objects.equals(client.user, user) && open.remove(id, client);
    }

    /** Forgets the connections nobody used since {@code before}, and returns their ids. */
    List<String> expire(long before) {
        List<String> expired = new ArrayList<>();
        open.values()
                .removeIf(
                        c -> {
                            boolean idle = c.lastAccessMillis < before;
                            if (idle) {
                                expired.add(c.id);
                            }
                            return idle;
                        });
        return expired;
    }

    private static String checkedId(String id) {
        if (id == null || id.isBlank()) {
            throw protocolError("An OpenConnectionRequest must name its connection id.");
        }
        if (id.length() > 256) {
            throw protocolError("A connection id is at most 256 characters long.");
        }
        return id;
    }

    /** A request that breaks the protocol: {@link ErrorCode#MALFORMED_REQUEST}, no stack trace. */
    static AvaticaRuntimeException protocolError(String message) {
        AvaticaRuntimeException error =
                new AvaticaRuntimeException(
                        message + " [" + ErrorCode.MALFORMED_REQUEST + "]",
                        ErrorCode.MALFORMED_REQUEST.code(),
                        ErrorCode.MALFORMED_REQUEST.sqlState(),
                        AvaticaSeverity.ERROR);
        error.setStackTrace(new StackTraceElement[0]);
        return error;
    }

    /**
     * Weir's defaults where the client set none: Avatica's client reads an unset read-only flag as
     * true, and tools then refuse to write (DBeaver, for one), while Weir takes INSERT and DDL on
     * every connection. The catalog and schema are Weir's only ones, so that tools resolve
     * unqualified names where Weir does.
     */
    static ConnectionPropertiesImpl defaultProperties() {
        return new ConnectionPropertiesImpl(
                true,
                false,
                Connection.TRANSACTION_NONE,
                CatalogMetadata.CATALOG,
                CatalogMetadata.SCHEMA);
    }
}
