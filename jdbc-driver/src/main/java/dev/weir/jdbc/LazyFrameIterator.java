package dev.weir.jdbc;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

/**
 * Rows of a result, frame by frame, fetched only when asked for and never read ahead: a row is
 * handed to the application as soon as its frame arrives. While waiting, a cancelled statement
 * (Statement.cancel() from another thread) closes the statement on the server, which stops the
 * query and ends the wait.
 */
final class LazyFrameIterator implements Iterator<Object> {
    /** No fetch size named: the server sizes each frame to what is ready. */
    private static final int SERVER_SIZED = 0;

    private final Meta meta;
    private final AvaticaConnection connection;
    private final Meta.StatementHandle handle;
    private final int fetchSize;
    private Iterator<Object> rows;
    private long offset;
    private boolean done;

    LazyFrameIterator(
            Meta meta,
            AvaticaConnection connection,
            Meta.StatementHandle handle,
            Meta.Frame first) {
        this.meta = meta;
        this.connection = connection;
        this.handle = handle;
        this.fetchSize = fetchSize(connection, handle);
        Meta.Frame frame = first == null ? Meta.Frame.MORE : first;
        this.rows =
                frame.rows == null ? java.util.Collections.emptyIterator() : frame.rows.iterator();
        this.done = first != null && first.done;
        this.offset = first == null ? 0 : first.offset + count(first);
    }

    /** The statement's {@code setFetchSize}: how many rows each fetch asks for, at most. */
    private static int fetchSize(AvaticaConnection connection, Meta.StatementHandle handle) {
        org.apache.calcite.avatica.AvaticaStatement statement =
                connection.statementMap.get(handle.id);
        try {
            int size = statement == null ? 0 : statement.getFetchSize();
            return Math.max(size, SERVER_SIZED);
        } catch (java.sql.SQLException e) {
            return SERVER_SIZED; // closed: the fetch itself says so
        }
    }

    private static long count(Meta.Frame frame) {
        long n = 0;
        if (frame.rows != null) {
            for (Object ignored : frame.rows) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean hasNext() {
        while (!rows.hasNext()) {
            if (done || cancelled()) {
                return false;
            }
            Meta.Frame frame;
            try {
                frame = meta.fetch(handle, offset, fetchSize);
            } catch (NoSuchStatementException | MissingResultsException e) {
                return false; // closed or cancelled meanwhile
            } catch (AvaticaRuntimeException e) {
                if (cancelled()) {
                    return false;
                }
                throw e;
            }
            if (frame == null) {
                return false;
            }
            done = frame.done;
            offset = frame.offset + count(frame);
            rows = frame.rows.iterator();
        }
        return true;
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return rows.next();
    }

    private boolean cancelled() {
        try {
            AtomicBoolean flag = connection.getCancelFlag(handle);
            if (flag.get()) {
                meta.closeStatement(handle);
                return true;
            }
            return false;
        } catch (NoSuchStatementException e) {
            return true;
        }
    }
}
