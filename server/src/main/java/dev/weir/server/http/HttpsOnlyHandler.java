package dev.weir.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Answers a plain-HTTP request on a TLS port: 400, a message saying how to connect, and the
 * connection closed. The answer is plain text, so that curl, a browser and Weir's JDBC driver
 * (which reads it into its SQLException) all show it; Avatica's stock client fails at once with
 * "HTTP/400".
 */
final class HttpsOnlyHandler extends ChannelInboundHandlerAdapter {
    static final String MESSAGE =
            "This port serves HTTPS only: connect with https:// (JDBC: jdbc:weir://host:port?ssl=true).";

    private boolean answered;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            // Answer once the request has been read whole, or at once if it is not HTTP at all
            // (the codec then drops the rest of the connection's bytes).
            boolean malformed =
                    msg instanceof DecoderResultProvider d && !d.decoderResult().isSuccess();
            if (!answered && (malformed || msg instanceof LastHttpContent)) {
                answered = true;
                byte[] body = (MESSAGE + "\n").getBytes(StandardCharsets.UTF_8);
                FullHttpResponse response =
                        new DefaultFullHttpResponse(
                                HttpVersion.HTTP_1_1,
                                HttpResponseStatus.BAD_REQUEST,
                                Unpooled.wrappedBuffer(body));
                response.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
