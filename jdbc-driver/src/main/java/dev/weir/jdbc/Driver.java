package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;

/**
 * The Weir JDBC driver: {@code jdbc:weir://host:port[?key=value&...]}. It speaks Avatica's protobuf
 * protocol, so it is Avatica's remote driver with Weir's URL; options after {@code ?} are passed on
 * as connection properties.
 */
public final class Driver extends org.apache.calcite.avatica.remote.Driver {
    static final String PREFIX = "jdbc:weir:";

    static {
        widenConnectionPool();
        new Driver().register();
    }

    /**
     * Avatica's HTTP connection pool is shared by the whole JVM and allows 25 requests in flight to
     * one server. A reader of a continuous query holds one for a whole long poll, so the 26th
     * concurrent reader (or a cancel) would wait for another's poll to end. Unless the application
     * chose its own limits, allow more: the pool reads these properties when it is first made.
     */
    private static void widenConnectionPool() {
        System.getProperties().putIfAbsent("avatica.pooled.connections.per.route", "512");
        System.getProperties().putIfAbsent("avatica.pooled.connections.max", "1024");
    }

    @Override
    protected String getConnectStringPrefix() {
        return PREFIX;
    }

    @Override
    protected DriverVersion createDriverVersion() {
        return new DriverVersion("Weir JDBC driver", "0.1.0", "Weir", "0.1.0", true, 0, 1, 0, 1);
    }

    @Override
    protected AvaticaFactory createFactory() {
        return new WeirFactory(super.createFactory());
    }

    @Override
    public org.apache.calcite.avatica.Meta createMeta(
            org.apache.calcite.avatica.AvaticaConnection connection) {
        return new WeirClientMeta(super.createMeta(connection), connection);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return super.connect(toAvaticaUrl(url), info);
    }

    /**
     * {@code jdbc:weir://h:p?a=b} becomes {@code
     * jdbc:weir:url=http://h:p;serialization=protobuf;a=b}.
     */
    static String toAvaticaUrl(String url) throws SQLException {
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            return url; // already in Avatica's key=value form
        }
        String hostPortAndOptions = rest.substring(2);
        String hostPort = hostPortAndOptions;
        String options = "";
        int question = hostPortAndOptions.indexOf('?');
        if (question >= 0) {
            hostPort = hostPortAndOptions.substring(0, question);
            options = hostPortAndOptions.substring(question + 1);
        }
        if (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        if (hostPort.isEmpty()) {
            throw new SQLException("A Weir URL names a host: jdbc:weir://host:port", "08001");
        }
        if (!hostPort.contains(":")) {
            hostPort = hostPort + ":8765";
        }
        StringBuilder avatica =
                new StringBuilder(PREFIX)
                        .append("url=http://")
                        .append(hostPort)
                        .append(";serialization=protobuf");
        for (String option : options.split("&")) {
            if (!option.isBlank()) {
                avatica.append(';').append(option);
            }
        }
        return avatica.toString();
    }
}
