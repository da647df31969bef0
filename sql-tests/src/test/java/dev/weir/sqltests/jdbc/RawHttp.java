package dev.weir.sqltests.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 on one kept-alive socket, byte for byte, as no well-behaved client library would let a
 * test send garbage.
 */
final class RawHttp implements AutoCloseable {
    /** An HTTP answer read off a raw socket. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Sent with every request when not null: an {@code Authorization} header's value. */
    private final String authorization;

    RawHttp(int port) throws IOException {
        this(port, null);
    }

    RawHttp(int port, String authorization) throws IOException {
        this.authorization = authorization;
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void write(String method, String path, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(
                (method
                                + " "
                                + path
                                + " HTTP/1.1\r\nHost: test\r\n"
                                + (authorization == null
                                        ? ""
                                        : "Authorization: " + authorization + "\r\n")
                                + "Content-Length: "
                                + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        out.write(request.toByteArray()); // one write: no Nagle delay between head and body
        out.flush();
    }

    Answer send(String method, String path, byte[] body) throws IOException {
        write(method, path, body);
        return read();
    }

    /** Sends a request's head only, announcing {@code contentLength} bytes; the answer. */
    Answer sendHead(String method, String path, long contentLength) throws IOException {
        out.write(
                (method
                                + " "
                                + path
                                + " HTTP/1.1\r\nHost: test\r\nContent-Length: "
                                + contentLength
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read();
    }

    /** The next answer on this connection. */
    Answer read() throws IOException {
        String status = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(
                    h.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).strip());
        }
        byte[] content =
                in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, content);
    }

    /** An Avatica JSON request that must succeed; its answer's text. */
    String json(String request) throws IOException {
        Answer answer = send("POST", "/json", request.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.text();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
