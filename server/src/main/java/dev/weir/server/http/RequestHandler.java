package dev.weir.server.http;

import dev.weir.common.error.ErrorCode;
import dev.weir.engine.Caller;
import dev.weir.parser.ParsedStatement;
import dev.weir.server.avatica.RequestUser;
import dev.weir.server.console.ConsoleApi;
import dev.weir.server.console.ConsoleAssets;
import dev.weir.server.console.SqlStream;
import dev.weir.server.http.AvaticaEndpoint.Format;
import dev.weir.server.monitor.WeirMetrics;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes the requests of one HTTP connection to Avatica, health, metrics or the web console. One
 * instance per connection. Never lets a request kill the server: what a client gets wrong is a 4xx
 * that says what, never a stack trace.
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
        METRICS(HttpMethod.GET),
        /** The console's page and files. */
        CONSOLE(HttpMethod.GET),
        API_SQL(HttpMethod.POST),
        API_QUERIES(HttpMethod.GET),
        API_CATALOG(HttpMethod.GET),
        API_CANCEL(HttpMethod.POST);

        private final HttpMethod method;

        Route(HttpMethod method) {
            this.method = method;
        }

        /** {@code /} is two routes: Avatica's protobuf for POST, the console for the rest. */
        static Optional<Route> of(String path, HttpMethod method) {
            return switch (path) {
                case "", "/" ->
                        Optional.of(method.equals(HttpMethod.POST) ? AVATICA_PROTOBUF : CONSOLE);
                case "/json" -> Optional.of(AVATICA_JSON);
                case "/health" -> Optional.of(HEALTH);
                case "/metrics" -> Optional.of(METRICS);
                case "/api/sql" -> Optional.of(API_SQL);
                case "/api/queries" -> Optional.of(API_QUERIES);
                case "/api/catalog" -> Optional.of(API_CATALOG);
                default -> {
                    if (ConsoleAssets.isAsset(path)) {
                        yield Optional.of(CONSOLE);
                    }
                    yield cancelledQuery(path).isPresent()
                            ? Optional.of(API_CANCEL)
                            : Optional.empty();
                }
            };
        }

        /** The route's name in metrics. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isConsoleApi() {
            return this == API_SQL
                    || this == API_QUERIES
                    || this == API_CATALOG
                    || this == API_CANCEL;
        }
    }

    private static final Pattern CANCEL_PATH =
            Pattern.compile("/api/queries/([A-Za-z0-9_]{1,128})/cancel");

    private static Optional<String> cancelledQuery(String path) {
        Matcher m = CANCEL_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** What a request brings, copied off its buffer (released when the event loop is done). */
    private record Request(
            HttpMethod method,
            String path,
            byte[] body,
            String authorization,
            String contentType,
            String accept) {}

    private final AvaticaEndpoint avatica;
    private final WeirMetrics metrics;
    private final Console console;
    private final Executor workers;
    private final Optional<Users> users;

    /** The last request of this connection; the next one runs after it. Event loop only. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** The console's parts, shared by every connection. */
    record Console(ConsoleAssets assets, ConsoleApi api, SqlStream sql) {}

    RequestHandler(
            AvaticaEndpoint avatica,
            WeirMetrics metrics,
            Console console,
            Executor workers,
            Optional<Users> users) {
        this.avatica = avatica;
        this.metrics = metrics;
        this.console = console;
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

        static Reply json(ConsoleApi.Answer answer) {
            return new Reply(
                    HttpResponseStatus.valueOf(answer.status()),
                    JSON_TYPE,
                    answer.body(),
                    Map.of("Cache-Control", "no-store"));
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
        Request copy =
                new Request(
                        request.method(),
                        request.uri().split("\\?", 2)[0],
                        ByteBufUtil.getBytes(request.content()),
                        request.headers().get(HttpHeaderNames.AUTHORIZATION),
                        request.headers().get(HttpHeaderNames.CONTENT_TYPE),
                        request.headers().get(HttpHeaderNames.ACCEPT));
        tail =
                tail.thenRunAsync(() -> respond(ctx, copy, keepAlive), workers)
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

    /** Answers one request: a reply, or for {@code POST /api/sql} a stream of results. */
    private void respond(ChannelHandlerContext ctx, Request request, boolean keepAlive) {
        Optional<Route> route = Route.of(request.path(), request.method());
        Reply reply;
        try {
            Outcome outcome = answer(route, request);
            reply = outcome.reply();
            if (reply == null) {
                // A script, its request checked: parsed whole, then its results stream from
                // here for as long as they last.
                Script script = script(request);
                if (script.refusal() == null) {
                    metrics.requestAnswered(Route.API_SQL.label(), 200);
                    console.sql()
                            .run(
                                    ctx,
                                    script.statements(),
                                    keepAlive,
                                    outcome.caller().orElse(Caller.EMBEDDED));
                    return;
                }
                reply = script.refusal();
            }
        } catch (RuntimeException e) {
            // Avatica's handlers answer their own errors; anything else is a bug, not a crash.
            LOG.log(Level.WARNING, "request failed", e);
            reply =
                    Reply.text(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "Internal error (a bug in Weir; the server log has its details).\n");
        }
        metrics.requestAnswered(route.map(Route::label).orElse("unknown"), reply.status().code());
        write(ctx, reply, keepAlive);
    }

    /**
     * The reply to {@code request}, and the user it was authenticated as; no reply for a script to
     * run as that user (its request checked).
     */
    private record Outcome(Reply reply, Optional<Caller> caller) {
        static Outcome of(Reply reply) {
            return new Outcome(reply, Optional.empty());
        }
    }

    private Outcome answer(Optional<Route> found, Request request) {
        String path = request.path();
        if (found.isEmpty()) {
            return Outcome.of(
                    Reply.text(
                            HttpResponseStatus.NOT_FOUND,
                            "Weir answers GET / (the web console), POST / (Avatica protobuf), POST"
                                    + " /json (Avatica JSON), GET /health, GET /metrics and the"
                                    + " console's /api/.\n"));
        }
        Route route = found.get();
        if (!request.method().equals(route.method)) {
            boolean root = path.isEmpty() || path.equals("/");
            String allowed = root ? "GET, POST" : route.method.name();
            return Outcome.of(
                    Reply.text(
                                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                                    (root ? "/" : path)
                                            + (root
                                                    ? " takes GET (the web console) or POST (Avatica)"
                                                            + " only.\n"
                                                    : " takes " + route.method + " only.\n"))
                            .with(HttpHeaderNames.ALLOW, allowed));
        }
        Optional<Caller> user = Optional.empty();
        if (route != Route.HEALTH && users.isPresent()) {
            Users.Check check = users.get().check(request.authorization());
            if (check.verdict() != Users.Verdict.ACCEPTED) {
                return Outcome.of(refused(route, check.verdict()));
            }
            user = check.caller();
        }
        if (route.method.equals(HttpMethod.POST)
                && route.isConsoleApi()
                && !isJson(request.contentType())) {
            // A browser sends application/json across sites only after asking (CORS): another
            // site's page cannot post a statement to this one.
            return Outcome.of(
                    Reply.text(
                            HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                            path + " takes a JSON body (Content-Type: application/json).\n"));
        }
        Caller caller = user.orElse(Caller.EMBEDDED);
        Reply reply =
                switch (route) {
                    case HEALTH -> Reply.text(HttpResponseStatus.OK, "ok\n");
                    case METRICS -> {
                        WeirMetrics.Exposition scrape = metrics.scrape(request.accept());
                        yield new Reply(
                                HttpResponseStatus.OK,
                                scrape.contentType(),
                                scrape.body(),
                                Map.of());
                    }
                    case AVATICA_PROTOBUF ->
                            Reply.of(
                                    RequestUser.runAs(
                                            user,
                                            () -> avatica.handle(Format.PROTOBUF, request.body())));
                    case AVATICA_JSON ->
                            Reply.of(
                                    RequestUser.runAs(
                                            user,
                                            () -> avatica.handle(Format.JSON, request.body())));
                    case CONSOLE ->
                            console.assets()
                                    .find(path)
                                    .map(
                                            a ->
                                                    new Reply(
                                                            HttpResponseStatus.OK,
                                                            a.contentType(),
                                                            a.body(),
                                                            CONSOLE_HEADERS))
                                    .orElseGet(
                                            () ->
                                                    Reply.text(
                                                            HttpResponseStatus.NOT_FOUND,
                                                            "The console has no " + path + ".\n"));
                    case API_QUERIES -> Reply.json(console.api().queries());
                    case API_CATALOG -> Reply.json(console.api().catalog());
                    case API_CANCEL ->
                            Reply.json(
                                    console.api()
                                            .cancel(cancelledQuery(path).orElseThrow(), caller));
                    case API_SQL -> null;
                };
        return new Outcome(reply, user);
    }

    /** A script's statements, or why they cannot run. */
    private record Script(List<ParsedStatement> statements, Reply refusal) {}

    /** The statements of {@code {"sql": "..."}}, parsed; a 400 if the body or the SQL is wrong. */
    private Script script(Request request) {
        String sql;
        try {
            sql = ConsoleApi.sqlOf(request.body());
        } catch (IllegalArgumentException e) {
            return new Script(
                    List.of(), Reply.text(HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n"));
        }
        SqlStream.ParseResult parsed = console.sql().parse(sql);
        if (parsed.error() != null) {
            return new Script(
                    List.of(),
                    new Reply(HttpResponseStatus.BAD_REQUEST, JSON_TYPE, parsed.error(), Map.of()));
        }
        return new Script(parsed.statements(), null);
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static final String JSON_TYPE = "application/json; charset=UTF-8";

    /** The console's page: its own files only, never inside another site's frame. */
    private static final Map<String, String> CONSOLE_HEADERS =
            Map.of(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
                    "X-Content-Type-Options",
                    "nosniff",
                    "Cache-Control",
                    "no-cache");

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
                    default -> Reply.text(HttpResponseStatus.UNAUTHORIZED, message + "\n");
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
