package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.runtime.SourceFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's changes as its log keeps them: each record is the change's kind (one byte) followed by
 * the row. Every UPDATE is logged as its retraction and its new row, so a reader starting anywhere
 * needs nothing but the records from there: replaying the log from the start rebuilds the table,
 * and a persistent query resumed from a checkpointed offset gets exactly the changes after it.
 */
class TableChangelog implements SourceFunction {
    private final SourceFunction log;

    private TableChangelog(SourceFunction log) {
        this.log = log;
    }

    /** A reader of the changes in {@code log}; replayable when the log's reader is. */
    static SourceFunction over(SourceFunction log) {
        return log instanceof SourceReader reader
                ? new Replayable(reader)
                : new TableChangelog(log);
    }

    /** The log record of a change. */
    static Row record(Change change) {
        Object[] values = new Object[change.row().arity() + 1];
        values[0] = change.kind().toByteValue();
        for (int i = 0; i < change.row().arity(); i++) {
            values[i + 1] = change.row().get(i);
        }
        return Row.wrap(values);
    }

    /** The change a log record holds. */
    static Change change(Row record) {
        RowKind kind = RowKind.fromByteValue((Byte) record.get(0));
        Object[] values = new Object[record.arity() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = record.get(i + 1);
        }
        return new Change(kind, Row.wrap(values));
    }

    @Override
    public boolean producesChanges() {
        return true;
    }

    @Override
    public List<Change> pollChanges(int max) {
        List<Row> records = log.poll(max);
        List<Change> changes = new ArrayList<>(records.size());
        for (Row record : records) {
            changes.add(change(record));
        }
        return changes;
    }

    @Override
    public List<Row> poll(int max) {
        throw new UnsupportedOperationException("a table's log yields changes");
    }

    @Override
    public boolean isEnded() {
        return log.isEnded();
    }

    @Override
    public boolean endIsFinal() {
        return false; // a table goes on changing
    }

    @Override
    public void onAvailable(Runnable listener) {
        log.onAvailable(listener);
    }

    @Override
    public void close() {
        log.close();
    }

    /** A changelog whose position can be checkpointed: the log's offset. */
    private static final class Replayable extends TableChangelog implements SourceReader {
        private final SourceReader reader;

        Replayable(SourceReader reader) {
            super(reader);
            this.reader = reader;
        }

        @Override
        public void open(SourcePosition position) {
            reader.open(position);
        }

        @Override
        public SourcePosition position() {
            return reader.position();
        }

        @Override
        public long malformedCount() {
            return 0;
        }
    }
}
