package dev.weir.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * The first handler of a connection to a TLS port. It looks at the connection's first bytes once: a
 * TLS record goes on to TLS (an {@link SslHandler} takes its place); anything else is a client
 * speaking plain HTTP to an HTTPS port, which gets a plain-HTTP 400 saying so ({@link
 * HttpsOnlyHandler}) instead of a closed connection. A closed connection without an answer is what
 * Avatica's client retries forever, so without this a misconfigured client would spin, not fail.
 */
final class TlsDetector extends ByteToMessageDecoder {
    /** A TLS record header: content type, version (2 bytes), length (2 bytes). */
    private static final int TLS_RECORD_HEADER_BYTES = 5;

    private final SslContext tls;

    TlsDetector(SslContext tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < TLS_RECORD_HEADER_BYTES) {
            return; // wait for more; fewer bytes than this decide nothing
        }
        ChannelPipeline pipeline = ctx.pipeline();
        // SSLv2-compatible hellos are not probed: no client Weir supports sends them.
        if (SslHandler.isEncrypted(in, false)) {
            pipeline.replace(this, "tls", tls.newHandler(ctx.alloc()));
        } else {
            // The HTTP codec stays, to read the request whole before answering it (closing on
            // unread bytes would reset the connection and lose the answer); the request is
            // never aggregated or handled.
            pipeline.remove(HttpObjectAggregator.class);
            pipeline.replace(RequestHandler.class, "https-only", new HttpsOnlyHandler());
            pipeline.remove(this);
        }
        // Removing this decoder hands the bytes it holds to the handler now after it.
    }
}
