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
        Properties properties = withCredentials(info, url);
        try {
            return super.connect(toAvaticaUrl(url), properties);
        } catch (SQLException e) {
            throw authenticationRequired(e).orElse(e);
        } catch (RuntimeException e) {
            java.util.Optional<SQLException> refused = authenticationRequired(e);
            if (refused.isPresent()) {
                throw refused.get();
            }
            if (e instanceof org.apache.calcite.avatica.AvaticaClientRuntimeException a) {
                // Avatica's client throws the server's answer to opening a connection (wrong
                // credentials, say) unchecked; JDBC promises an SQLException with its SQLSTATE.
                throw new SQLException(a.getMessage(), a.getSqlState(), a.getErrorCode(), a);
            }
            throw e;
        }
    }

    /**
     * JDBC's {@code user} and {@code password} (from {@code DriverManager.getConnection(url, user,
     * password)}, the properties or the URL) become Avatica's BASIC credentials.
     */
    static Properties withCredentials(Properties info, String url) {
        Properties properties = new Properties();
        int question = url.indexOf('?');
        if (question >= 0) {
            for (String option : url.substring(question + 1).split("&")) {
                int equals = option.indexOf('=');
                if (equals > 0) {
                    properties.setProperty(
                            option.substring(0, equals), option.substring(equals + 1));
                }
            }
        }
        if (info != null) {
            properties.putAll(info);
        }
        String user = properties.getProperty("user");
        String password = properties.getProperty("password");
        if (user != null && password != null && !properties.containsKey("avatica_user")) {
            properties.setProperty("authentication", "BASIC");
            properties.setProperty("avatica_user", user);
            properties.setProperty("avatica_password", password);
        }
        return properties;
    }

    /**
     * A server that wants credentials answers a client without any with HTTP 401, which Avatica's
     * client reports as a bare runtime error: say what it means, with SQLSTATE 28000.
     */
    private static java.util.Optional<SQLException> authenticationRequired(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("got HTTP/401")) {
                return java.util.Optional.of(
                        new SQLException(
                                "Authentication required: this Weir server needs a user and"
                                        + " password (DriverManager.getConnection(url, user,"
                                        + " password)).",
                                "28000",
                                28,
                                e));
            }
        }
        return java.util.Optional.empty();
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
        boolean tls = false;
        StringBuilder passed = new StringBuilder();
        for (String option : options.split("&")) {
            if (option.equalsIgnoreCase("ssl=true") || option.equalsIgnoreCase("tls=true")) {
                tls = true; // HTTPS; the server's certificate checked against `truststore`
            } else if (!option.isBlank()) {
                passed.append(';').append(option);
            }
        }
        StringBuilder avatica =
                new StringBuilder(PREFIX)
                        .append(tls ? "url=https://" : "url=http://")
                        .append(hostPort)
                        .append(";serialization=protobuf")
                        .append(passed);
        return avatica.toString();
    }
}
