package dev.weir.sqltests.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An application, run in a JVM of its own by {@link ShadedDriverJarTest}, whose class path has its
 * own HttpClient 5.1.3, Jackson 2.12 and protobuf 3.21 before the shaded driver jar. It uses each
 * of them, then the driver, and prints what it got: one line per step, nothing else, on stdout.
 */
public final class ApplicationWithOwnLibraries {
    private ApplicationWithOwnLibraries() {}

    public static void main(String[] args) throws Exception {
        // The application's HttpClient (its classes come first on the class path), without a
        // client made: that would log through SLF4J, which this application does not have.
        System.out.println(
                "httpclient "
                        + version(org.apache.hc.client5.http.impl.classic.HttpClients.class)
                        + " "
                        + org.apache.hc.core5.http.HttpHost.create("http://example.test:81")
                                .getPort());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        System.out.println(
                "jackson "
                        + json.version().toString()
                        + " "
                        + json.writeValueAsString(java.util.Map.of("k", 1)));
        var proto = com.google.protobuf.ByteString.copyFromUtf8("hi");
        System.out.println("protobuf " + version(proto.getClass()) + " " + proto.size());
        try (Connection c = DriverManager.getConnection(args[0]);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(args[1])) {
            rs.next();
            System.out.println("weir " + rs.getLong(1));
        }
    }

    /** The version in the jar a class came from (its file name). */
    private static String version(Class<?> type) {
        String jar = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return jar.substring(jar.lastIndexOf('/') + 1);
    }
}
