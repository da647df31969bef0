package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.executor.connector.SourcePosition;
import dev.weir.executor.runtime.ResultSink;
import dev.weir.executor.runtime.RoundJournal;
import dev.weir.executor.state.KeyValueState;
import dev.weir.executor.state.RowCodec;
import dev.weir.executor.state.StateBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Where a persistent {@code INSERT INTO stream SELECT} puts its rows: appended to the stream once
 * per job round. Rows are numbered in the order the query produces them, the next number kept in
 * the job's state (so a checkpoint holds it); after a restart the query produces the rows since its
 * checkpoint again, and those numbered below what {@link PublishedRows} says was appended are
 * skipped: each row reaches the stream exactly once.
 *
 * <p>That takes the same rows in the same order, which a replay from the checkpoint alone does not
 * give when the rounds may come out otherwise: a Kafka topic's partitions interleave as the
 * consumer fetches them, and two sources of one query interleave as their rows arrive. Rather than
 * tell rows apart by their contents (a query may rightly produce the same row twice, and what an
 * aggregate or a late-row cut-off produces depends on the order itself), the sink makes the replay
 * the same: it journals the sources' positions after every round that read rows ({@link
 * RoundJournal}) with the appends ({@link PublishedRows}), and the restarted job reads exactly
 * those rounds again before it polls as usual. Same rounds, same operator input and watermarks,
 * same rows in the same order: the skip by number is then right. A job that reads one source in
 * that source's own order (an internal stream, a file) replays in the same order however its rounds
 * fall, and journals nothing ({@link dev.weir.executor.runtime.Job#readsInterleaved}).
 *
 * <p>What the replay cannot reproduce is what depends on the wall clock: processing-time timers,
 * and a partition's idleness under {@code 'scan.watermark.idle-timeout'}, which can move the
 * watermark at another row on the replay.
 */
final class StreamAppendSink implements ResultSink, RoundJournal {
    private static final Logger LOG = Logger.getLogger(StreamAppendSink.class.getName());
    private static final Row NEXT = Row.of("next");
    private static final Row ROUNDS = Row.of("rounds");

    private final StreamStorage storage;
    private final String stream;
    private final Optional<PublishedRows> published;
    private final KeyValueState<Row, Row> counter;
    private final List<Row> round = new ArrayList<>();
    // The round count each pending checkpoint was prepared at, by checkpoint id.
    private final TreeMap<Long, Long> checkpointRounds = new TreeMap<>();
    private long next;
    private long roundFirst;
    private long rounds;
    // The rounds of the newest completed checkpoint (or the one restored): the journal keeps
    // what follows it until the next one completes.
    private long lastCompletedRounds;
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
        Row storedRounds = counter.get(ROUNDS);
        this.rounds = storedRounds == null ? 0 : (Long) storedRounds.get(0);
        this.lastCompletedRounds = rounds;
    }

    /**
     * The rounds to read again before polling as usual: those journaled after the restored
     * checkpoint. Empty when none were, or when the journal no longer reaches back to that
     * checkpoint (an older one was restored, the newer ones being unusable): the rows since are
     * then told apart by number alone, as before rounds were journaled.
     */
    List<List<SourcePosition>> roundsToReplay() {
        if (published.isEmpty()) {
            return List.of();
        }
        List<List<SourcePosition>> replay = published.get().roundsAfter(rounds);
        if (replay.isEmpty() && published.get().firstRound().filter(r -> r > rounds).isPresent()) {
            LOG.warning(
                    "The journal of rounds of the stream '"
                            + stream
                            + "' starts after the checkpoint restored; its rows since are"
                            + " replayed in the order the sources give them now.");
        }
        return replay;
    }

    @Override
    public void roundRead(List<SourcePosition> positions) {
        rounds++;
        if (published.isPresent() && !published.get().roundRead(rounds, positions)) {
            LOG.warning(
                    "Round "
                            + rounds
                            + " of the query appending to '"
                            + stream
                            + "' read up to other positions on its replay than it first did.");
        }
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
        counter.put(ROUNDS, Row.of(rounds));
    }

    @Override
    public void prepareCheckpoint(long checkpointId) {
        checkpointRounds.put(checkpointId, rounds);
    }

    @Override
    public void checkpointCompleted(long checkpointId) {
        Long completed = checkpointRounds.remove(checkpointId);
        checkpointRounds.headMap(checkpointId).clear();
        if (completed == null) {
            return;
        }
        // The two newest checkpoints are kept; a restart resumes from one of them.
        published.ifPresent(p -> p.forgetRoundsThrough(lastCompletedRounds));
        lastCompletedRounds = completed;
    }

    @Override
    public void checkpointAborted(long checkpointId) {
        checkpointRounds.remove(checkpointId);
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
