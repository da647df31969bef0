package dev.weir.engine;

import dev.weir.common.row.Change;
import dev.weir.common.row.RowKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a materialized view's job on another runner (Flink) puts its changes: straight into the
 * store readers use. The runner hands over only the changes of its checkpointed history (Flink's
 * collect sink with checkpoints on), each once across its own restarts, so nothing is kept here for
 * a checkpoint of the engine's: the view's state and checkpoints are the runner's.
 *
 * <p>Changes come one at a time, without the local runner's rounds; a round here ends when every
 * retracted old image ({@code -U}) has met a new one ({@code +U}), so that a reader never sees a
 * row missing between the two halves of its update (a long run of unmatched ones is applied anyway,
 * so that memory stays bounded). A delete followed by an insert ({@code -D}, {@code +I}: a row
 * leaving a Top-N and another entering) is two changes, not an update: a reader may see the one
 * without the other, as Flink's own sinks would.
 */
final class RunnerViewSink implements ViewSink {
    /** The most changes held back waiting for the new images of updates. */
    static final int MAX_ROUND = 4_096;

    private final RowStore store;
    private final List<Change> round = new ArrayList<>();
    private int openUpdates;
    private volatile Throwable failure;

    RunnerViewSink(RowStore store) {
        this.store = store;
    }

    @Override
    public void accept(Change change) {
        round.add(change);
        if (change.kind() == RowKind.UPDATE_BEFORE) {
            openUpdates++;
        } else if (change.kind() == RowKind.UPDATE_AFTER && openUpdates > 0) {
            openUpdates--;
        }
        if (openUpdates == 0 || round.size() >= MAX_ROUND) {
            applyRound();
        }
    }

    @Override
    public void finish() {
        applyRound();
    }

    @Override
    public void fail(Throwable error) {
        // A retraction held back stays so: the view is failed, readers are refused until it is
        // rebuilt.
        failure = error;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    private void applyRound() {
        if (!round.isEmpty()) {
            store.apply(List.copyOf(round));
            round.clear();
        }
        openUpdates = 0;
    }
}
