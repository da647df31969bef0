package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a persistent {@code INSERT INTO stream SELECT} puts its rows: appended to the stream once
 * per job round. Rows are numbered in the order the query produces them, the next number kept in
 * the job's state (so a checkpoint holds it); after a restart the query produces the rows since its
 * checkpoint again, in the same order, and those numbered below what {@link PublishedRows} says was
 * appended are skipped: each row reaches the stream exactly once.
 */
final class StreamAppendSink implements ResultSink {
    private static final Row NEXT = Row.of("next");

    private final StreamStorage storage;
    private final String stream;
    private final Optional<PublishedRows> published;
    private final KeyValueState<Row, Row> counter;
    private final List<Row> round = new ArrayList<>();
    private long next;
    private long roundFirst;
    private volatile Throwable failure;

    /**
     * @param published the durable record of appended rows; empty for an engine without a data
     *     directory, where nothing survives anyway
     */
    StreamAppendSink(
            StateBackend state,
            StreamStorage storage,
            String stream,
            Optional<PublishedRows> published) {
        this.storage = storage;
        this.stream = stream;
        this.published = published;
        this.counter = state.keyValueState("append.counter", RowCodec.INSTANCE, RowCodec.INSTANCE);
        Row stored = counter.get(NEXT);
        this.next = stored == null ? 0 : (Long) stored.get(0);
        this.roundFirst = next;
    }

    @Override
    public void accept(Change change) {
        long number = next++;
        if (published.isPresent() && number < published.get().published()) {
            return; // appended before a restart: this is its replay
        }
        if (round.isEmpty()) {
            roundFirst = number;
        }
        round.add(change.row());
    }

    @Override
    public void endOfBatch() {
        if (!round.isEmpty()) {
            if (published.isPresent()) {
                published.get().append(storage, stream, roundFirst, List.copyOf(round));
            } else {
                storage.append(stream, List.copyOf(round));
            }
            round.clear();
        }
        counter.put(NEXT, Row.of(next));
    }

    @Override
    public void finish() {}

    @Override
    public void fail(Throwable error) {
        failure = error;
    }

    Throwable failure() {
        return failure;
    }
}
