package dev.weir.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where there is no Weir server, connecting fails at once with SQLSTATE 08001 and says why. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectFailureTest {
    @Test
    void nothingListeningIs08001() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        } // closed: nothing listens there now
        String url = "jdbc:weir://127.0.0.1:" + port;
        assertThatThrownBy(() -> DriverManager.getConnection(url))
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> {
                            assertThat(e.getSQLState()).isEqualTo("08001");
                            assertThat(e.getErrorCode()).isEqualTo(31);
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "Cannot connect to Weir at http://127.0.0.1:"
                                                    + port
                                                    + ": nothing answers there (is the server"
                                                    + " running, on this port?): ")
                                    .endsWith("Connection refused");
                        });
    }

    @Test
    void aServerThatClosesWithoutAnAnswerIsNotRetriedForever() throws Exception {
        // What a TLS port without Weir's plain-HTTP answer does: read, then close, say nothing.
        try (ServerSocket mute = new ServerSocket(0)) {
            Thread closer =
                    new Thread(
                            () -> {
                                while (!mute.isClosed()) {
                                    try (Socket client = mute.accept()) {
                                        readRequest(client.getInputStream());
                                    } catch (IOException e) {
                                        return;
                                    }
                                }
                            });
            closer.setDaemon(true);
            closer.start();
            String url = "jdbc:weir://127.0.0.1:" + mute.getLocalPort();
            assertThatThrownBy(() -> DriverManager.getConnection(url))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> {
                                assertThat(e.getSQLState()).isEqualTo("08001");
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "Cannot connect to Weir at http://127.0.0.1:"
                                                        + mute.getLocalPort()
                                                        + ": the server closed the connection"
                                                        + " without an answer (if it serves"
                                                        + " HTTPS, connect with ssl=true)");
                            });
        }
    }

    /**
     * Reads one HTTP request whole: closing with unread bytes would reset the connection, a
     * different failure from the one tested.
     */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        Matcher length =
                Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head.toString());
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
    }
}
