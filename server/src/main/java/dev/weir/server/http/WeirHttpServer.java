package dev.weir.server.http;

import dev.weir.engine.Engine;
import dev.weir.server.avatica.WeirMeta;
import dev.weir.server.console.ConsoleApi;
import dev.weir.server.console.ConsoleAssets;
import dev.weir.server.console.SqlStream;
import dev.weir.server.monitor.WeirMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.calcite.avatica.remote.LocalService;

/**
 * Weir on one port: Avatica's protocol (protobuf at {@code POST /}, JSON at {@code POST /json}),
 * {@code GET /health}, {@code GET /metrics} and the web console ({@code GET /} and its JSON API
 * under {@code /api/}), over HTTP or, with {@link #withTls}, HTTPS. Avatica's handlers are
 * transport-agnostic, so Netty calls them directly; they run on a worker pool, off the event loop,
 * because a fetch of a continuous query waits for rows.
 */
public final class WeirHttpServer implements AutoCloseable {
    /** Requests larger than this are refused with 413. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    /** A request line longer than this is refused with 414. */
    public static final int MAX_REQUEST_LINE_BYTES = 4096;

    /** Headers longer than this (all together) are refused with 431. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    /** Requests handled at once; past this, 503. */
    static final int MAX_REQUESTS_IN_FLIGHT = 1_024;

    /**
     * By default, a connection or statement nobody used for this long is closed (its client
     * vanished) and its continuous query cancelled; see {@link #withIdleTimeout}.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(WeirHttpServer.class.getName());

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

    private final Optional<Users> users;
    private Optional<SslContext> tls = Optional.empty();
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    public WeirHttpServer(Engine engine) {
        this(engine, Optional.empty());
    }

    /**
     * @param users when present, every request (Avatica, metrics, the console) must carry a BASIC
     *     user and password of theirs; {@code /health} stays open (for load balancers)
     */
    public WeirHttpServer(Engine engine, Optional<Users> users) {
        this.engine = engine;
        this.meta = new WeirMeta(engine);
        this.users = users;
    }

    /**
     * Serves HTTPS only, on the same port: each connection that starts with a TLS handshake goes on
     * in TLS; one that starts in plain HTTP gets a 400 saying to use HTTPS. Call before {@link
     * #start}.
     *
     * @param context a server context, see {@link Tls#serverContext}
     */
    public WeirHttpServer withTls(SslContext context) {
        this.tls = Optional.of(context);
        return this;
    }

    /**
     * Closes connections and statements that no request used for {@code timeout}: their clients
     * vanished, and their continuous queries would otherwise run, and hold memory and a thread, for
     * nobody. Avatica's client opens a connection that was closed so again when it next needs it.
     * Call before {@link #start}.
     */
    public WeirHttpServer withIdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The idle timeout must be positive: " + timeout);
        }
        this.idleTimeout = timeout;
        return this;
    }

    /** What raises the connection limit, as the refusal names it. */
    public static final String MAX_CONNECTIONS_OPTION = "--max-connections";

    /**
     * Keeps at most {@code max} JDBC (Avatica) connections open at once; one more is refused with
     * SQLSTATE 53300 until one closes (or is closed for being idle). Without this, there is no
     * limit. Call before {@link #start}.
     */
    public WeirHttpServer withMaxConnections(int max) {
        meta.limitConnections(max, MAX_CONNECTIONS_OPTION);
        return this;
    }

    /** Whether this server speaks HTTPS. */
    public boolean tls() {
        return tls.isPresent();
    }

    /** Binds to {@code port} (0 for any free port) on {@code host} and returns the bound port. */
    public int start(String host, int port) throws InterruptedException {
        AvaticaEndpoint avatica = new AvaticaEndpoint(new LocalService(meta));
        WeirMetrics metrics =
                new WeirMetrics(engine, meta::connectionCount, meta::refusedConnections);
        RequestHandler.Console console =
                new RequestHandler.Console(
                        new ConsoleAssets(), new ConsoleApi(engine), new SqlStream(engine));
        HttpDecoderConfig http =
                new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                        .setMaxHeaderSize(MAX_HEADER_BYTES);
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(boss, workers)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ChannelPipeline pipeline = ch.pipeline();
                                        tls.ifPresent(
                                                context ->
                                                        pipeline.addLast(new TlsDetector(context)));
                                        pipeline.addLast(new HttpServerCodec(http))
                                                .addLast(
                                                        new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                                .addLast(
                                                        new RequestHandler(
                                                                avatica, metrics, console, handlers,
                                                                users));
                                    }
                                });
        channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        // Swept a few times per timeout, so that a client is gone at most a third later than it.
        long sweepMillis = Math.max(Math.min(idleTimeout.toMillis() / 3, 60_000), 100);
        housekeeping.scheduleAtFixedRate(
                () -> expireIdle(metrics), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private void expireIdle(WeirMetrics metrics) {
        try {
            WeirMeta.Expired expired = meta.expireIdle(idleTimeout.toMillis());
            metrics.clientsExpired(expired.connections().size(), expired.statements());
            if (!expired.connections().isEmpty() || expired.statements() > 0) {
                LOG.info(
                        "Closed "
                                + expired.connections().size()
                                + " connection(s) "
                                + expired.connections()
                                + " and "
                                + expired.statements()
                                + " statement(s) idle for over "
                                + idleTimeout.toSeconds()
                                + " s: their clients are gone.");
            }
        } catch (RuntimeException e) {
            // A failed sweep must not end the sweeping (a scheduled task that throws never runs
            // again).
            LOG.log(Level.WARNING, "expiring idle clients failed", e);
        }
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
