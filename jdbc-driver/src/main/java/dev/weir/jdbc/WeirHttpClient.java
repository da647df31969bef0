package dev.weir.jdbc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaCommonsHttpClientImpl;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Avatica's HTTP client (its pool, TLS truststore and BASIC authentication), failing where
 * Avatica's own spins or says too little. Avatica's client retries a connection closed without an
 * answer, and a 503, at once and forever, and reports any other answer as a bare "got HTTP/400"
 * (dropping the server's explanation) and I/O failures as runtime errors without a SQLSTATE. This
 * one:
 *
 * <ul>
 *   <li>retries a connection closed without an answer a few times (a pooled connection the server
 *       closed), then fails: a TLS server closes a plain-HTTP client's connection like that;
 *   <li>retries a 503 (Weir too busy) with growing pauses, for a bounded time;
 *   <li>hands Avatica every Avatica message (protobuf or JSON, whatever the status: Weir answers a
 *       malformed request with 400 and an Avatica error), so that its error reaches the application
 *       with its code and SQLSTATE;
 *   <li>turns any other answer (a plain-text refusal: "This port serves HTTPS only...") and I/O
 *       failures into an Avatica client error with a SQLSTATE and the server's words: 08001 (cannot
 *       connect) while no answer has arrived yet, 08006 (connection lost) after.
 * </ul>
 *
 * Avatica's statements and connections turn these errors into SQLExceptions that keep the SQLSTATE
 * and code. The driver installs this client (Avatica's {@code httpclient_impl} option) unless the
 * application chose another.
 */
public final class WeirHttpClient extends AvaticaCommonsHttpClientImpl {
    /** Weir's error codes (dev.weir.common.error.ErrorCode; the driver does not depend on it). */
    static final int CANNOT_CONNECT = 31;

    static final int CONNECTION_LOST = 32;
    static final int AUTHENTICATION_FAILED = 28;
    static final int REQUEST_TOO_LARGE = 200_005;

    /** Attempts on a connection closed without an answer before giving up. */
    private static final int MAX_UNANSWERED_ATTEMPTS = 3;

    /** How long a busy (503) server is retried, and the longest pause between two tries. */
    private static final long BUSY_RETRY_MILLIS = 30_000;

    private static final long MAX_BUSY_PAUSE_MILLIS = 1_000;

    /** How much of a plain-text answer an error repeats. */
    private static final int MAX_TEXT_CHARS = 500;

    /** Whether the server has answered this client once: failures after that are 08006. */
    private volatile boolean answered;

    /** Avatica's client factory makes clients with this constructor. */
    public WeirHttpClient(URL url) {
        super(toUri(url));
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a URL: " + url, e);
        }
    }

    @Override
    public byte[] send(byte[] request) {
        int unanswered = 0;
        long busySince = 0;
        long pause = 10;
        while (true) {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new ByteArrayEntity(request, ContentType.APPLICATION_OCTET_STREAM));
            try {
                if (httpHost == null) {
                    httpHost = RoutingSupport.determineHost(post);
                }
                try (ClassicHttpResponse response = client.executeOpen(httpHost, post, context)) {
                    int status = response.getCode();
                    HttpEntity entity = response.getEntity();
                    byte[] body = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
                    if (status == 503) {
                        long now = System.nanoTime();
                        busySince = busySince == 0 ? now : busySince;
                        if ((now - busySince) / 1_000_000 < BUSY_RETRY_MILLIS) {
                            Thread.sleep(pause);
                            pause = Math.min(pause * 2, MAX_BUSY_PAUSE_MILLIS);
                            continue;
                        }
                    }
                    if (status == 200 || status == 500 || isAvaticaMessage(entity, body)) {
                        answered = true;
                        userToken = context.getUserToken();
                        return body;
                    }
                    throw refusal(status, body);
                }
            } catch (NoHttpResponseException e) {
                if (++unanswered < MAX_UNANSWERED_ATTEMPTS) {
                    continue;
                }
                throw failure(
                        "the server closed the connection without an answer"
                                + (uri.getScheme().equals("http")
                                        ? " (if it serves HTTPS, connect with ssl=true)"
                                        : ""),
                        e);
            } catch (IOException | HttpException e) {
                throw failure(describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for a busy server", e);
            }
        }
    }

    /** Avatica's answers are protobuf or JSON; Weir's plain-text refusals and others' are not. */
    private static boolean isAvaticaMessage(HttpEntity entity, byte[] body) {
        String type = entity == null ? null : entity.getContentType();
        if (type == null || body.length == 0) {
            return false;
        }
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith("application/octet-stream") || t.startsWith("application/json");
    }

    private AvaticaClientRuntimeException refusal(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_TEXT_CHARS) {
            text = text.substring(0, MAX_TEXT_CHARS) + "...";
        }
        String said = text.isEmpty() ? "it answered HTTP " + status : text;
        if (status == 413) {
            return error(
                    "The request is too large for Weir at " + base() + ": " + said,
                    REQUEST_TOO_LARGE,
                    "54000");
        }
        if (status == 401 || status == 403) {
            return error(
                    "Weir at " + base() + " refused the credentials: " + said,
                    AUTHENTICATION_FAILED,
                    "28000");
        }
        if (answered) {
            return error(
                    "Weir at " + base() + " answered HTTP " + status + ": " + said,
                    CONNECTION_LOST,
                    "08006");
        }
        return error("Cannot connect to Weir at " + base() + ": " + said, CANNOT_CONNECT, "08001");
    }

    private AvaticaClientRuntimeException failure(String what, Exception cause) {
        AvaticaClientRuntimeException e =
                answered
                        ? error(
                                "Lost the connection to Weir at " + base() + ": " + what,
                                CONNECTION_LOST,
                                "08006")
                        : error(
                                "Cannot connect to Weir at " + base() + ": " + what,
                                CANNOT_CONNECT,
                                "08001");
        e.initCause(cause);
        return e;
    }

    private String describe(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof SSLException) {
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("unrecognized ssl message") || lower.contains("plaintext")) {
                return "the server does not speak TLS on this port (connect without ssl=true): "
                        + message;
            }
            if (lower.contains("certification path") || lower.contains("pkix")) {
                return "the server's certificate is not trusted (pass truststore=FILE and"
                        + " truststore_password=PASSWORD): "
                        + message;
            }
            return "TLS failed: " + message;
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return "nothing answers there (is the server running, on this port?): " + message;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer in time: " + message;
        }
        if (e instanceof InterruptedIOException) {
            return "interrupted while waiting for the server";
        }
        return message;
    }

    private String base() {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static AvaticaClientRuntimeException error(String message, int code, String sqlState) {
        return new AvaticaClientRuntimeException(
                message, code, sqlState, AvaticaSeverity.ERROR, List.of(), null);
    }
}
