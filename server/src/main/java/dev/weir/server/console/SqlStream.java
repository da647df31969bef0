package dev.weir.server.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.engine.Caller;
import dev.weir.engine.ContinuousQuery;
import dev.weir.engine.Engine;
import dev.weir.engine.ResultColumn;
import dev.weir.engine.StatementResult;
import dev.weir.parser.ParsedStatement;
import dev.weir.parser.WeirParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/sql}: runs a script's statements one after another and streams their results to
 * the browser as JSON lines, each line one event:
 *
 * <ul>
 *   <li>{@code {"type":"result","statement":1,"kind":"update","message":...,"count":1}}
 *   <li>{@code {"type":"result","statement":2,"kind":"rows"|"continuous","columns":[...],
 *       "query":"q3"}} then {@code {"type":"rows","rows":[[...],...]}} as rows come, then {@code
 *       {"type":"done","rows":12,"cancelled":false}}
 *   <li>{@code {"type":"error","error":{"message":"line 1:8: ...","code":...,"position":...}}}: the
 *       statement failed; the script stops there
 *   <li>{@code {"type":"heartbeat"}}: a continuous query is still running, without new rows
 *   <li>{@code {"type":"end"}}: every statement ran
 * </ul>
 *
 * A continuous query streams until it ends or is cancelled; when the browser goes away (it closes
 * the connection: another query, a closed tab) the query is cancelled and everything it held is
 * freed. A slow browser slows only its own query: rows are taken from the query only while the
 * connection can take them.
 */
public final class SqlStream {
    private static final Logger LOG = Logger.getLogger(SqlStream.class.getName());

    /** Rows per line at most. */
    private static final int BATCH_ROWS = 500;

    /** A line goes out at least this often while rows come, so that the table moves smoothly. */
    private static final long BATCH_MILLIS = 100;

    /** How long one wait for a row lasts before the connection is checked again. */
    private static final long POLL_MILLIS = 200;

    /**
     * A query with no rows for this long sends a heartbeat line: writing to a connection whose
     * browser vanished without closing it (a sleeping laptop, a dropped network) fails, which
     * cancels the query.
     */
    private static final long HEARTBEAT_MILLIS = 10_000;

    static final String CONTENT_TYPE = "application/x-ndjson; charset=UTF-8";

    private final Engine engine;

    public SqlStream(Engine engine) {
        this.engine = engine;
    }

    /**
     * Parses {@code script} whole (a syntax error anywhere runs nothing); empty with the error's
     * JSON when it does not parse.
     */
    public ParseResult parse(String script) {
        try {
            List<ParsedStatement> statements = WeirParser.parseScript(script);
            if (statements.isEmpty()) {
                throw new WeirException(
                        ErrorCode.SYNTAX_ERROR, Optional.empty(), "There is no statement to run.");
            }
            return new ParseResult(statements, null);
        } catch (WeirException e) {
            return new ParseResult(List.of(), ConsoleJson.bytes(ConsoleJson.error(e)));
        }
    }

    /** A parsed script, or the error that stopped its parsing. */
    public record ParseResult(List<ParsedStatement> statements, byte[] error) {}

    /**
     * Runs the statements for {@code caller}, answering on {@code ctx}; returns when the last has
     * ended or the browser has gone. Blocks: call it off the event loop.
     */
    public void run(
            ChannelHandlerContext ctx,
            List<ParsedStatement> statements,
            boolean keepAlive,
            Caller caller) {
        Channel channel = ctx.channel();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                // Tells proxies not to buffer the stream (nginx honours it).
                .set("X-Accel-Buffering", "no")
                .set(
                        HttpHeaderNames.CONNECTION,
                        keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        channel.writeAndFlush(head);
        int number = 0;
        boolean failed = false;
        for (ParsedStatement statement : statements) {
            number++;
            if (!channel.isActive() || !runOne(channel, statement, number, caller)) {
                failed = true;
                break;
            }
        }
        if (!failed) {
            send(channel, ConsoleJson.object().put("type", "end"));
        }
        var last = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Runs one statement; false if it failed or the browser went away. */
    private boolean runOne(Channel channel, ParsedStatement statement, int number, Caller caller) {
        StatementResult result;
        try {
            result = engine.execute(statement.sql(), caller);
        } catch (WeirException e) {
            sendError(channel, e.shiftedTo(statement.line(), statement.column()));
            return false;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "console statement failed", e);
            sendError(
                    channel,
                    new WeirException(
                            ErrorCode.INTERNAL_ERROR,
                            Optional.empty(),
                            "Internal error (a bug in Weir; the server log has its details)."));
            return false;
        }
        ObjectNode start = ConsoleJson.object().put("type", "result").put("statement", number);
        if (result instanceof StatementResult.Update update) {
            send(
                    channel,
                    start.put("kind", "update")
                            .put("message", update.message())
                            .put("count", update.count()));
            return true;
        }
        if (result instanceof StatementResult.Rows rows) {
            start.put("kind", "rows").set("columns", ConsoleJson.columns(rows.columns()));
            send(channel, start);
            List<Object[]> all = rows.rows();
            for (int from = 0; from < all.size(); from += BATCH_ROWS) {
                ArrayNode batch = ConsoleJson.object().arrayNode();
                for (Object[] row : all.subList(from, Math.min(all.size(), from + BATCH_ROWS))) {
                    batch.add(ConsoleJson.row(row, rows.columns()));
                }
                send(channel, rowsLine(batch));
            }
            send(channel, done(all.size(), false));
            return true;
        }
        ContinuousQuery query = ((StatementResult.Continuous) result).query();
        start.put("kind", "continuous")
                .put("query", query.id())
                .set("columns", ConsoleJson.columns(query.columns()));
        send(channel, start);
        return stream(channel, query);
    }

    /** Streams a continuous query's rows until it ends, fails or the browser leaves. */
    private boolean stream(Channel channel, ContinuousQuery query) {
        GenericFutureListener<Future<? super Void>> leave = f -> query.cancel();
        channel.closeFuture().addListener(leave);
        List<ResultColumn> columns = query.columns();
        long sent = 0;
        long lastWrite = System.currentTimeMillis();
        try {
            while (channel.isActive()) {
                awaitWritable(channel);
                Optional<Object[]> first = query.next(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first.isEmpty()) {
                    if (query.isDone()) {
                        send(channel, done(sent, query.isCancelled()));
                        return true;
                    }
                    if (System.currentTimeMillis() - lastWrite >= HEARTBEAT_MILLIS) {
                        send(channel, ConsoleJson.object().put("type", "heartbeat"));
                        lastWrite = System.currentTimeMillis();
                    }
                    continue;
                }
                ArrayNode batch = ConsoleJson.object().arrayNode();
                batch.add(ConsoleJson.row(first.get(), columns));
                long deadline = System.currentTimeMillis() + BATCH_MILLIS;
                while (batch.size() < BATCH_ROWS) {
                    long left = deadline - System.currentTimeMillis();
                    Optional<Object[]> row =
                            left > 0
                                    ? query.next(left, TimeUnit.MILLISECONDS)
                                    : query.next(0, TimeUnit.MILLISECONDS);
                    if (row.isEmpty()) {
                        break;
                    }
                    batch.add(ConsoleJson.row(row.get(), columns));
                }
                sent += batch.size();
                send(channel, rowsLine(batch));
                lastWrite = System.currentTimeMillis();
            }
            return false;
        } catch (WeirException e) {
            sendError(channel, e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            query.cancel(); // a no-op for a query that ended; frees one the browser left
            channel.closeFuture().removeListener(leave);
        }
    }

    private static void awaitWritable(Channel channel) throws InterruptedException {
        while (channel.isActive() && !channel.isWritable()) {
            Thread.sleep(10);
        }
    }

    private static ObjectNode rowsLine(ArrayNode rows) {
        ObjectNode line = ConsoleJson.object().put("type", "rows");
        line.set("rows", rows);
        return line;
    }

    private static ObjectNode done(long rows, boolean cancelled) {
        return ConsoleJson.object()
                .put("type", "done")
                .put("rows", rows)
                .put("cancelled", cancelled);
    }

    private static void sendError(Channel channel, WeirException e) {
        send(channel, ConsoleJson.error(e).put("type", "error"));
    }

    private static void send(Channel channel, ObjectNode line) {
        channel.writeAndFlush(
                new DefaultHttpContent(Unpooled.wrappedBuffer(ConsoleJson.line(line))));
    }
}
