package dev.weir.server.http;

import dev.weir.common.error.ErrorCode;
import dev.weir.server.http.AvaticaEndpoint.Format;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes the requests of one HTTP connection to Avatica, health or metrics. One instance per
 * connection. Never lets a request kill the server: what a client gets wrong is a 4xx that says
 * what, never a stack trace.
 *
 * <p>Avatica's handlers block (a fetch of a continuous query waits for rows), so they run on a
 * shared worker pool, never on the event loop. Requests of one connection run one after another, in
 * order, so that pipelined requests are answered in the order they came; requests of different
 * connections run in parallel, so one client's long poll never delays another client.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = Logger.getLogger(RequestHandler.class.getName());

    /** What the server answers, by path, and the one method each takes. */
    private enum Route {
        AVATICA_PROTOBUF(HttpMethod.POST),
        AVATICA_JSON(HttpMethod.POST),
        HEALTH(HttpMethod.GET),
        METRICS(HttpMethod.GET);

        private final HttpMethod method;

        Route(HttpMethod method) {
            this.method = method;
        }

        static Optional<Route> of(String path) {
            return switch (path) {
                case "", "/" -> Optional.of(AVATICA_PROTOBUF);
                case "/json" -> Optional.of(AVATICA_JSON);
                case "/health" -> Optional.of(HEALTH);
                case "/metrics" -> Optional.of(METRICS);
                default -> Optional.empty();
            };
        }
    }

    private final AvaticaEndpoint avatica;
    private final Metrics metrics;
    private final Executor workers;
    private final Optional<Users> users;

    /** The last request of this connection; the next one runs after it. Event loop only. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    RequestHandler(
            AvaticaEndpoint avatica, Metrics metrics, Executor workers, Optional<Users> users) {
        this.avatica = avatica;
        this.metrics = metrics;
        this.workers = workers;
        this.users = users;
    }

    /** An HTTP answer. */
    private record Reply(
            HttpResponseStatus status, String type, byte[] body, Map<String, String> headers) {
        static Reply text(HttpResponseStatus status, String text) {
            return new Reply(
                    status,
                    "text/plain; charset=UTF-8",
                    text.getBytes(StandardCharsets.UTF_8),
                    Map.of());
        }

        static Reply of(AvaticaEndpoint.Answer answer) {
            return new Reply(
                    HttpResponseStatus.valueOf(answer.status()),
                    answer.contentType(),
                    answer.body(),
                    Map.of());
        }

        Reply with(CharSequence header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header.toString(), value);
            return new Reply(status, type, body, more);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            // Not HTTP, or lines too long to read: the rest of the connection cannot be trusted.
            write(ctx, unreadable(request.decoderResult().cause()), false);
            return;
        }
        // The request's buffer is released when this method returns: copy what the work needs.
        HttpMethod method = request.method();
        String path = request.uri().split("\\?", 2)[0];
        byte[] body = ByteBufUtil.getBytes(request.content());
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        tail =
                tail.thenRunAsync(
                                () ->
                                        write(
                                                ctx,
                                                answer(method, path, body, authorization),
                                                keepAlive),
                                workers)
                        .exceptionally(
                                e -> {
                                    // The pool is full or shut down: say so rather than hang.
                                    write(
                                            ctx,
                                            Reply.text(
                                                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                                                    "Weir is too busy or shutting down.\n"),
                                            false);
                                    return null;
                                });
    }

    private static Reply unreadable(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return Reply.text(
                    HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "Request headers too large: Weir reads at most "
                            + WeirHttpServer.MAX_HEADER_BYTES
                            + " bytes of headers.\n");
        }
        if (cause instanceof TooLongHttpLineException) {
            return Reply.text(
                    HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "Request line too long: Weir reads at most "
                            + WeirHttpServer.MAX_REQUEST_LINE_BYTES
                            + " bytes of it.\n");
        }
        return Reply.text(HttpResponseStatus.BAD_REQUEST, "Malformed HTTP request.\n");
    }

    private Reply answer(HttpMethod method, String path, byte[] body, String authorization) {
        try {
            Optional<Route> found = Route.of(path);
            if (found.isEmpty()) {
                return Reply.text(
                        HttpResponseStatus.NOT_FOUND,
                        "Weir answers POST / (Avatica protobuf), POST /json (Avatica JSON),"
                                + " GET /health and GET /metrics.\n");
            }
            Route route = found.get();
            if (!method.equals(route.method)) {
                return Reply.text(
                                HttpResponseStatus.METHOD_NOT_ALLOWED,
                                (path.isEmpty() ? "/" : path)
                                        + " takes "
                                        + route.method
                                        + " only.\n")
                        .with(HttpHeaderNames.ALLOW, route.method.name());
            }
            if (route != Route.HEALTH && users.isPresent()) {
                Users.Verdict verdict = users.get().check(authorization);
                if (verdict != Users.Verdict.ACCEPTED) {
                    return refused(route, verdict);
                }
            }
            return switch (route) {
                case HEALTH -> Reply.text(HttpResponseStatus.OK, "ok\n");
                case METRICS ->
                        new Reply(
                                HttpResponseStatus.OK,
                                "text/plain; version=0.0.4",
                                metrics.prometheusText().getBytes(StandardCharsets.UTF_8),
                                Map.of());
                case AVATICA_PROTOBUF -> Reply.of(avatica.handle(Format.PROTOBUF, body));
                case AVATICA_JSON -> Reply.of(avatica.handle(Format.JSON, body));
            };
        } catch (RuntimeException e) {
            // Avatica's handlers answer their own errors; anything else is a bug, not a crash.
            LOG.log(Level.WARNING, "request failed", e);
            return Reply.text(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "Internal error (a bug in Weir; the server log has its details).\n");
        }
    }

    /**
     * Without credentials: 401 and a BASIC challenge, which a client holding credentials answers by
     * sending them. With wrong ones: an Avatica error (HTTP 500, which Avatica's client reads) with
     * SQLSTATE 28000, so the application gets an SQLException saying so.
     */
    private Reply refused(Route route, Users.Verdict verdict) {
        boolean missing = verdict == Users.Verdict.MISSING;
        String message =
                missing
                        ? "Authentication required: this Weir server needs a user and password"
                                + " (JDBC: DriverManager.getConnection(url, user, password))."
                        : "Authentication failed: wrong user name or password.";
        int status = missing ? 401 : 500;
        Reply reply =
                switch (route) {
                    case AVATICA_PROTOBUF ->
                            Reply.of(
                                    avatica.error(
                                            Format.PROTOBUF,
                                            status,
                                            ErrorCode.AUTHENTICATION_FAILED,
                                            message));
                    case AVATICA_JSON ->
                            Reply.of(
                                    avatica.error(
                                            Format.JSON,
                                            status,
                                            ErrorCode.AUTHENTICATION_FAILED,
                                            message));
                    case HEALTH, METRICS ->
                            Reply.text(HttpResponseStatus.UNAUTHORIZED, message + "\n");
                };
        return reply.status().equals(HttpResponseStatus.UNAUTHORIZED)
                ? reply.with(
                        HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"weir\", charset=\"UTF-8\"")
                : reply;
    }

    private static void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, reply.status(), Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.type());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        reply.headers().forEach(response.headers()::set);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            LOG.log(Level.FINE, "request too large", cause);
        } else {
            LOG.log(Level.FINE, "closing a connection after an error", cause);
        }
        ctx.close();
    }
}
