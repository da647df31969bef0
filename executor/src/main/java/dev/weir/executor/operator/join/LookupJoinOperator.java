package dev.weir.executor.operator.join;

import static java.util.Objects.requireNonNull;

import dev.weir.common.function.Calc;
import dev.weir.common.row.Change;
import dev.weir.common.row.Row;
import dev.weir.common.row.RowKind;
import dev.weir.executor.operator.Operator;
import dev.weir.executor.operator.OperatorContext;
import dev.weir.plan.LookupJoinNode;
import java.util.Optional;

/**
 * A processing-time lookup join ({@link LookupJoinNode}): each input row, when it arrives, looks up
 * the table's row of its key as the table is then, and is emitted joined with it (or, in a LEFT
 * join, padded with NULLs when there is none or the rest of the condition fails). Nothing is kept:
 * a row is joined once, and later changes of the table change no earlier result, so the output is
 * insert-only. Watermarks pass through.
 */
public final class LookupJoinOperator implements Operator {
    private final LookupTable table;
    private final int[] lookupKeys;
    private final JoinRows joinRows;
    private final boolean padsUnmatched;
    private OperatorContext context;

    /**
     * @param condition the rest of the ON condition over the joined row (input fields, then table
     *     fields), projecting nothing; null when the key is the whole condition
     */
    public LookupJoinOperator(
            LookupJoinNode node, int inputArity, LookupTable table, Calc condition) {
        this.table = requireNonNull(table, "table is null");
        this.lookupKeys = node.lookupKeys().stream().mapToInt(Integer::intValue).toArray();
        this.joinRows = new JoinRows(node.kind(), inputArity, node.tableFields().size(), condition);
        this.padsUnmatched = node.kind().keepsUnmatchedLeft();
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
    }

    @Override
    public void processChange(int input, Change change) {
        if (change.kind() != RowKind.INSERT) {
            // The planner gives a lookup join insert-only input only.
            throw new IllegalStateException("a lookup join's input retracted a row");
        }
        Row row = change.row();
        Optional<Row> match = lookup(row).filter(m -> joinRows.passes(JoinRows.LEFT, row, m));
        if (match.isPresent()) {
            context.output().emit(Change.insert(joinRows.joined(JoinRows.LEFT, row, match.get())));
        } else if (padsUnmatched) {
            context.output().emit(Change.insert(joinRows.padded(JoinRows.LEFT, row)));
        }
    }

    /** The table's row of {@code row}'s key now; none when a key value is NULL. */
    private Optional<Row> lookup(Row row) {
        Row key = row.project(lookupKeys);
        for (int i = 0; i < key.arity(); i++) {
            if (key.get(i) == null) {
                return Optional.empty(); // a primary key is never NULL: nothing matches
            }
        }
        return table.lookup(key);
    }

    @Override
    public void processWatermark(long watermark) {
        context.metrics().watermark(watermark);
        context.output().emitWatermark(watermark);
    }
}
