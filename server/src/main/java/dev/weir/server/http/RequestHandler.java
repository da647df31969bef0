package dev.weir.server.http;

import dev.weir.common.error.ErrorCode;
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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Handler;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.ProtobufHandler;

/**
 * Routes the requests of one HTTP connection to Avatica, health or metrics. One instance per
 * connection. Never lets a request kill the server.
 *
 * <p>Avatica's handlers block (a fetch of a continuous query waits for rows), so they run on a
 * shared worker pool, never on the event loop. Requests of one connection run one after another, in
 * order, so that pipelined requests are answered in the order they came; requests of different
 * connections run in parallel, so one client's long poll never delays another client.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = Logger.getLogger(RequestHandler.class.getName());

    private final ProtobufHandler protobuf;
    private final JsonHandler json;
    private final Metrics metrics;
    private final Executor workers;
    private final java.util.Optional<Users> users;

    /** The last request of this connection; the next one runs after it. Event loop only. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    RequestHandler(
            ProtobufHandler protobuf,
            JsonHandler json,
            Metrics metrics,
            Executor workers,
            java.util.Optional<Users> users) {
        this.protobuf = protobuf;
        this.json = json;
        this.metrics = metrics;
        this.workers = workers;
        this.users = users;
    }

    /** An HTTP answer. */
    private record Reply(HttpResponseStatus status, String type, byte[] body, boolean challenge) {
        Reply(HttpResponseStatus status, String type, byte[] body) {
            this(status, type, body, false);
        }

        static Reply text(HttpResponseStatus status, String text) {
            return new Reply(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(
                    ctx,
                    Reply.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n"),
                    false);
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
                                                    "Weir is too busy or shutting down\n"),
                                            false);
                                    return null;
                                });
    }

    private Reply answer(HttpMethod method, String path, byte[] body, String authorization) {
        try {
            if (method.equals(HttpMethod.GET) && path.equals("/health")) {
                return Reply.text(HttpResponseStatus.OK, "ok\n");
            }
            if (users.isPresent()) {
                Users.Verdict verdict = users.get().check(authorization);
                if (verdict != Users.Verdict.ACCEPTED) {
                    return refused(path, verdict);
                }
            }
            if (method.equals(HttpMethod.GET) && path.equals("/metrics")) {
                return new Reply(
                        HttpResponseStatus.OK,
                        "text/plain; version=0.0.4",
                        metrics.prometheusText().getBytes(StandardCharsets.UTF_8));
            }
            if (method.equals(HttpMethod.POST) && (path.equals("/") || path.isEmpty())) {
                Handler.HandlerResponse<byte[]> response = protobuf.apply(body);
                return new Reply(
                        HttpResponseStatus.valueOf(response.getStatusCode()),
                        "application/octet-stream",
                        response.getResponse());
            }
            if (method.equals(HttpMethod.POST) && path.equals("/json")) {
                Handler.HandlerResponse<String> response =
                        json.apply(new String(body, StandardCharsets.UTF_8));
                return new Reply(
                        HttpResponseStatus.valueOf(response.getStatusCode()),
                        "application/json",
                        response.getResponse().getBytes(StandardCharsets.UTF_8));
            }
            return Reply.text(
                    HttpResponseStatus.NOT_FOUND,
                    "Weir answers POST / (Avatica protobuf), POST /json, GET /health,"
                            + " GET /metrics\n");
        } catch (RuntimeException e) {
            // Avatica's handlers answer their own errors; anything else is a bug, not a crash.
            LOG.log(Level.WARNING, "request failed", e);
            return Reply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
        }
    }

    /**
     * Without credentials: 401 and a BASIC challenge, which a client holding credentials answers by
     * sending them. With wrong ones: an Avatica error (HTTP 500, which Avatica's client reads) with
     * SQLSTATE 28000, so the application gets an SQLException saying so.
     */
    private Reply refused(String path, Users.Verdict verdict) {
        String message =
                verdict == Users.Verdict.MISSING
                        ? "Authentication required: connect with a user and password."
                        : "Authentication failed: wrong user name or password.";
        AvaticaRuntimeException error =
                new AvaticaRuntimeException(
                        message,
                        ErrorCode.AUTHENTICATION_FAILED.code(),
                        ErrorCode.AUTHENTICATION_FAILED.sqlState(),
                        AvaticaSeverity.ERROR);
        HttpResponseStatus status =
                verdict == Users.Verdict.MISSING
                        ? HttpResponseStatus.UNAUTHORIZED
                        : HttpResponseStatus.INTERNAL_SERVER_ERROR;
        if (path.equals("/json")) {
            return new Reply(
                    status,
                    "application/json",
                    json.convertToErrorResponse(error)
                            .getResponse()
                            .getBytes(StandardCharsets.UTF_8),
                    verdict == Users.Verdict.MISSING);
        }
        if (path.equals("/") || path.isEmpty()) {
            return new Reply(
                    status,
                    "application/octet-stream",
                    protobuf.convertToErrorResponse(error).getResponse(),
                    verdict == Users.Verdict.MISSING);
        }
        return new Reply(
                HttpResponseStatus.UNAUTHORIZED,
                "text/plain",
                (message + "\n").getBytes(StandardCharsets.UTF_8),
                true);
    }

    private static void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, reply.status(), Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.type());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (reply.challenge()) {
            response.headers()
                    .set(
                            HttpHeaderNames.WWW_AUTHENTICATE,
                            "Basic realm=\"weir\", charset=\"UTF-8\"");
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
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
