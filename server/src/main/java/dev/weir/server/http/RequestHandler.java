package dev.weir.server.http;

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
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.calcite.avatica.remote.Handler;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.ProtobufHandler;

/** Routes one HTTP request to Avatica, health or metrics. Never lets a request kill the server. */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = Logger.getLogger(RequestHandler.class.getName());

    private final ProtobufHandler protobuf;
    private final JsonHandler json;
    private final Metrics metrics;

    RequestHandler(ProtobufHandler protobuf, JsonHandler json, Metrics metrics) {
        this.protobuf = protobuf;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(
                    ctx,
                    request,
                    HttpResponseStatus.BAD_REQUEST,
                    "text/plain",
                    bytes("malformed HTTP request\n"));
            return;
        }
        String path = request.uri().split("\\?", 2)[0];
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET) && path.equals("/health")) {
            respond(ctx, request, HttpResponseStatus.OK, "text/plain", bytes("ok\n"));
        } else if (method.equals(HttpMethod.GET) && path.equals("/metrics")) {
            respond(
                    ctx,
                    request,
                    HttpResponseStatus.OK,
                    "text/plain; version=0.0.4",
                    bytes(metrics.prometheusText()));
        } else if (method.equals(HttpMethod.POST) && (path.equals("/") || path.isEmpty())) {
            Handler.HandlerResponse<byte[]> response =
                    protobuf.apply(ByteBufUtil.getBytes(request.content()));
            respond(
                    ctx,
                    request,
                    HttpResponseStatus.valueOf(response.getStatusCode()),
                    "application/octet-stream",
                    response.getResponse());
        } else if (method.equals(HttpMethod.POST) && path.equals("/json")) {
            Handler.HandlerResponse<String> response =
                    json.apply(request.content().toString(StandardCharsets.UTF_8));
            respond(
                    ctx,
                    request,
                    HttpResponseStatus.valueOf(response.getStatusCode()),
                    "application/json",
                    bytes(response.getResponse()));
        } else {
            respond(
                    ctx,
                    request,
                    HttpResponseStatus.NOT_FOUND,
                    "text/plain",
                    bytes(
                            "Weir answers POST / (Avatica protobuf), POST /json, GET /health, GET /metrics\n"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            HttpResponseStatus status,
            String type,
            byte[] body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
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
            LOG.log(Level.WARNING, "closing a connection after an error", cause);
        }
        ctx.close();
    }
}
