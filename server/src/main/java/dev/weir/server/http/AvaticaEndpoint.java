package dev.weir.server.http;

import dev.weir.common.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * Avatica's protocol on HTTP bodies, in its two serializations: protobuf ({@code POST /}) and JSON
 * ({@code POST /json}). It does what Avatica's handlers do (decode, run, encode; a failed request
 * is HTTP 500 with an Avatica error, which clients read), except for a body that does not decode as
 * a request at all: that is the client's mistake, answered with 400 and an Avatica error saying so
 * ({@link ErrorCode#MALFORMED_REQUEST}), where Avatica's handlers answer 500 with the decoder's
 * stack trace.
 */
final class AvaticaEndpoint {
    private static final Logger LOG = Logger.getLogger(AvaticaEndpoint.class.getName());

    static final String PROTOBUF_TYPE = "application/octet-stream";
    static final String JSON_TYPE = "application/json";

    /** How much of a decoder's complaint an error repeats. */
    private static final int MAX_REASON_CHARS = 240;

    /** The two encodings of Avatica's messages. */
    enum Format {
        PROTOBUF("POST / takes an Avatica protobuf request (a WireMessage)", PROTOBUF_TYPE),
        JSON("POST /json takes an Avatica JSON request", JSON_TYPE);

        private final String expected;
        private final String contentType;

        Format(String expected, String contentType) {
            this.expected = expected;
            this.contentType = contentType;
        }
    }

    /** An encoded answer and its HTTP status. */
    record Answer(int status, String contentType, byte[] body) {}

    private final ProtobufTranslation translation = new ProtobufTranslationImpl();
    private final ProtobufHandler protobuf;
    private final JsonHandler json;

    AvaticaEndpoint(Service service) {
        this.protobuf = new ProtobufHandler(service, translation, NoopMetricsSystem.getInstance());
        this.json = new JsonHandler(service, NoopMetricsSystem.getInstance());
    }

    Answer handle(Format format, byte[] body) {
        // Decoded here only to tell a malformed body from a failed request: Avatica's handlers
        // decode again (Request.accept, which runs a decoded request, is not public). Decoding
        // costs microseconds for the requests clients send, next to the work they ask for.
        try {
            decode(format, body);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "undecodable request", e);
            return error(
                    format,
                    400,
                    ErrorCode.MALFORMED_REQUEST,
                    "Malformed request: "
                            + format.expected
                            + ", and this body is not one ("
                            + reason(e)
                            + ").");
        }
        // Avatica's own handlers from here: they know their exceptions (a missing connection has
        // a code the client acts on) and keep our errors' codes and SQLSTATEs.
        Answer answer =
                switch (format) {
                    case PROTOBUF -> answer(format, protobuf.apply(body));
                    case JSON ->
                            answer(format, json.apply(new String(body, StandardCharsets.UTF_8)));
                };
        return answer.status() == 200 ? answer : withoutInsides(format, answer);
    }

    /**
     * An error answer as the client may see it. Weir's own errors carry no stack trace; one that
     * does (or has no code) came from an exception nobody expected: a bug, logged here with its
     * trace, and answered as {@link ErrorCode#INTERNAL_ERROR} without it.
     */
    private Answer withoutInsides(Format format, Answer answer) {
        Service.ErrorResponse error;
        try {
            error = decodeError(format, answer.body());
        } catch (IOException | RuntimeException e) {
            return answer; // not an error response: nothing to hide
        }
        boolean traced = error.exceptions.stream().anyMatch(t -> t.contains("\tat "));
        if (!traced && error.errorCode != Service.ErrorResponse.UNKNOWN_ERROR_CODE) {
            return answer;
        }
        LOG.log(
                Level.WARNING,
                "Avatica request failed unexpectedly: "
                        + error.errorMessage
                        + "\n"
                        + String.join("\n", error.exceptions));
        return error(
                format,
                500,
                ErrorCode.INTERNAL_ERROR,
                "Internal error (a bug in Weir; the server log has its details).");
    }

    private Service.ErrorResponse decodeError(Format format, byte[] body) throws IOException {
        Service.Response response =
                switch (format) {
                    case PROTOBUF -> translation.parseResponse(body);
                    case JSON ->
                            JsonService.MAPPER.readValue(
                                    new String(body, StandardCharsets.UTF_8),
                                    Service.Response.class);
                };
        if (response instanceof Service.ErrorResponse error) {
            return error;
        }
        throw new IOException("not an error response");
    }

    /**
     * An Avatica error response with {@code status}, carrying {@code code}'s number and SQLSTATE,
     * and no stack trace (Avatica's clients print those; the server's insides are not the client's
     * business).
     */
    Answer error(Format format, int status, ErrorCode code, String message) {
        Service.ErrorResponse response =
                new Service.ErrorResponse(
                        List.of(),
                        message,
                        code.code(),
                        code.sqlState(),
                        AvaticaSeverity.ERROR,
                        null);
        try {
            return new Answer(status, format.contentType, encode(format, response));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // encoding an error of ours cannot fail
        }
    }

    private void decode(Format format, byte[] body) throws IOException {
        switch (format) {
            case PROTOBUF -> translation.parseRequest(body);
            case JSON ->
                    JsonService.MAPPER.readValue(
                            new String(body, StandardCharsets.UTF_8), Service.Request.class);
        }
    }

    private byte[] encode(Format format, Service.ErrorResponse response) throws IOException {
        return switch (format) {
            case PROTOBUF -> translation.serializeResponse(response);
            case JSON -> JsonService.MAPPER.writeValueAsBytes(response);
        };
    }

    private static Answer answer(Format format, Handler.HandlerResponse<?> response) {
        Object body = response.getResponse();
        return new Answer(
                response.getStatusCode(),
                format.contentType,
                body instanceof byte[] bytes
                        ? bytes
                        : String.valueOf(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The first line of a decoder's complaint, printable and short. */
    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = message.lines().findFirst().orElse("").strip();
        StringBuilder printable = new StringBuilder();
        line.codePoints()
                .limit(MAX_REASON_CHARS)
                .forEach(c -> printable.appendCodePoint(c >= 0x20 && c < 0x7f ? c : '?'));
        boolean cut = line.codePointCount(0, line.length()) > MAX_REASON_CHARS;
        return cut ? printable + "..." : printable.toString();
    }
}
