package dev.weir.server.http;

import dev.weir.server.avatica.WeirMeta;
import dev.weir.server.engine.Engine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;

/**
 * Weir on one port: Avatica's protocol (protobuf at {@code POST /}, JSON at {@code POST /json}),
 * {@code GET /health} and {@code GET /metrics}. Avatica's handlers are transport-agnostic, so Netty
 * calls them directly; they run on a worker pool, off the event loop, because a fetch of a
 * continuous query waits for rows.
 */
public final class WeirHttpServer implements AutoCloseable {
    /** Requests larger than this are refused with 413. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    /** Requests handled at once; past this, 503. */
    static final int MAX_REQUESTS_IN_FLIGHT = 1_024;

    /** A statement nobody fetched from for this long has its query cancelled. */
    private static final long IDLE_STATEMENT_MILLIS = 5 * 60_000;

    private final Engine engine;
    private final WeirMeta meta;
    private final EventLoopGroup boss =
            new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers =
            new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());

    /**
     * Runs Avatica's handlers. A long-polling fetch holds a thread for up to a few seconds, so the
     * pool grows with the requests in flight (one per client at most, as clients wait for their
     * answers), up to a bound past which requests are refused with 503.
     */
    private final ExecutorService handlers =
            new ThreadPoolExecutor(
                    0,
                    MAX_REQUESTS_IN_FLIGHT,
                    30,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    daemonThreads("weir-request-"));

    private final ScheduledExecutorService housekeeping =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("weir-housekeeping-"));
    private Channel channel;

    private final java.util.Optional<Users> users;
    private java.util.Optional<io.netty.handler.ssl.SslContext> tls = java.util.Optional.empty();

    public WeirHttpServer(Engine engine) {
        this(engine, java.util.Optional.empty());
    }

    /**
     * Serves TLS only (HTTPS), with the key and certificate chain of a PKCS12 keystore. Call before
     * {@link #start}.
     */
    public WeirHttpServer withTls(java.nio.file.Path keystore, char[] password) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(in, password);
            javax.net.ssl.KeyManagerFactory keys =
                    javax.net.ssl.KeyManagerFactory.getInstance(
                            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            tls =
                    java.util.Optional.of(
                            io.netty.handler.ssl.SslContextBuilder.forServer(keys).build());
            return this;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "Cannot use the keystore " + keystore + " for TLS: " + e.getMessage(), e);
        }
    }

    /**
     * @param users when present, every Avatica request must carry a BASIC user and password of
     *     theirs; {@code /health} stays open (for load balancers)
     */
    public WeirHttpServer(Engine engine, java.util.Optional<Users> users) {
        this.engine = engine;
        this.meta = new WeirMeta(engine);
        this.users = users;
    }

    /** Binds to {@code port} (0 for any free port) on {@code host} and returns the bound port. */
    public int start(String host, int port) throws InterruptedException {
        LocalService service = new LocalService(meta);
        ProtobufHandler protobuf =
                new ProtobufHandler(
                        service, new ProtobufTranslationImpl(), NoopMetricsSystem.getInstance());
        JsonHandler json = new JsonHandler(service, NoopMetricsSystem.getInstance());
        Metrics metrics = new Metrics(engine, meta);
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(boss, workers)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        tls.ifPresent(
                                                context ->
                                                        ch.pipeline()
                                                                .addLast(
                                                                        context.newHandler(
                                                                                ch.alloc())));
                                        ch.pipeline()
                                                .addLast(new HttpServerCodec())
                                                .addLast(
                                                        new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                                .addLast(
                                                        new RequestHandler(
                                                                protobuf, json, metrics, handlers,
                                                                users));
                                    }
                                });
        channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        housekeeping.scheduleAtFixedRate(
                () -> meta.expireIdleStatements(IDLE_STATEMENT_MILLIS), 1, 1, TimeUnit.MINUTES);
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public WeirMeta meta() {
        return meta;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        // Connections first, then the threads that served them.
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        handlers.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
