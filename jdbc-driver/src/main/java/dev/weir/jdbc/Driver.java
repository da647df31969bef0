package dev.weir.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;

/**
 * The Weir JDBC driver: {@code jdbc:weir://host:port[?key=value&...]}. It speaks Avatica's protobuf
 * protocol, so it is Avatica's remote driver with Weir's URL; options after {@code ?} are passed on
 * as connection properties.
 */
public final class Driver extends org.apache.calcite.avatica.remote.Driver {
    static final String PREFIX = "jdbc:weir:";

    /** Avatica's option naming its HTTP client class. */
    private static final String HTTP_CLIENT_OPTION = "httpclient_impl";

    private static final String FETCH_SIZE_OPTION = "fetch_size";

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
    public Meta createMeta(AvaticaConnection connection) {
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
        String avaticaUrl = toAvaticaUrl(url);
        Properties properties = connectionProperties(info, url);
        try {
            return super.connect(avaticaUrl, properties);
        } catch (AvaticaClientRuntimeException e) {
            // Avatica's client throws the server's answer to opening a connection (wrong
            // credentials, say) and WeirHttpClient's failures unchecked; JDBC promises an
            // SQLException with its SQLSTATE. The server's words, without Avatica's prefix.
            throw SqlErrors.of(e);
        } catch (RuntimeException e) {
            // Not the URL: its options may hold a password.
            throw new SQLException(
                    "Cannot connect to Weir: " + e.getMessage(),
                    "08001",
                    WeirHttpClient.CANNOT_CONNECT,
                    e);
        }
    }

    /**
     * The connection's properties: those of the URL and {@code info}, JDBC's {@code user} and
     * {@code password} (from {@code DriverManager.getConnection(url, user, password)}, the
     * properties or the URL) as Avatica's BASIC credentials, and Weir's HTTP client unless the
     * application chose one.
     */
    static Properties connectionProperties(Properties info, String url) {
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
        properties.putIfAbsent(HTTP_CLIENT_OPTION, WeirHttpClient.class.getName());
        // Avatica's default asks for 100 rows per fetch, an HTTP round trip per 100 rows of a fast
        // stream; with none named (0) the server sends what is ready, up to thousands of rows.
        properties.putIfAbsent(FETCH_SIZE_OPTION, "0");
        return properties;
    }

    /**
     * {@code jdbc:weir://h:p?a=b} becomes {@code
     * jdbc:weir:url=http://h:p;serialization=protobuf;a=b}; with {@code ssl=true}, {@code https}.
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
            throw new SQLException(
                    "A Weir URL names a host: jdbc:weir://host:port",
                    "08001",
                    WeirHttpClient.CANNOT_CONNECT);
        }
        if (!hostPort.contains(":")) {
            hostPort = hostPort + ":8765";
        }
        boolean tls = false;
        StringBuilder passed = new StringBuilder();
        for (String option : options.split("&")) {
            int equals = option.indexOf('=');
            String key = equals < 0 ? option : option.substring(0, equals);
            if (key.equalsIgnoreCase("ssl") || key.equalsIgnoreCase("tls")) {
                // HTTPS; the server's certificate is checked against `truststore` if given, else
                // against the JVM's trusted authorities.
                tls =
                        switch (option.substring(equals + 1).toLowerCase(Locale.ROOT)) {
                            case "true" -> true;
                            case "false" -> false;
                            default ->
                                    throw new SQLException(
                                            "The option "
                                                    + key
                                                    + " is true or false, not '"
                                                    + option.substring(equals + 1)
                                                    + "'.",
                                            "08001",
                                            WeirHttpClient.CANNOT_CONNECT);
                        };
            } else if (!option.isBlank()) {
                passed.append(';').append(option);
            }
        }
        return PREFIX
                + (tls ? "url=https://" : "url=http://")
                + hostPort
                + ";serialization=protobuf"
                + passed;
    }
}
