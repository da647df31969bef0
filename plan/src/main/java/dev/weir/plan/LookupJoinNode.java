package dev.weir.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A processing-time lookup join (Flink SQL's {@code JOIN t FOR SYSTEM_TIME AS OF s.proc_time}):
 * each row of the input, when it is processed, is joined with the row of the table {@code table}
 * whose primary key equals the row's lookup key, as the table is at that moment. Later changes of
 * the table change no earlier result: the output is insert-only. A LEFT join pads a row with NULLs
 * when the table has no row of its key (or a lookup key is NULL, or the rest of the condition
 * fails).
 *
 * <p>The table is read, not an input of the plan: the node keeps no state. Output: the input's
 * fields, then the table's.
 *
 * @param input the stream side, insert-only
 * @param table the table looked up, by name
 * @param tableFields the table's fields (its columns, in order)
 * @param tableKey the table's primary key: positions in {@code tableFields}, in key order
 * @param lookupKeys per primary key column, the input field holding the value looked up
 * @param conditionCode the rest of the ON condition, over the joined row (input fields, then table
 *     fields), as generated code of a {@code Calc} that projects nothing; empty when none
 * @param conditionText the rest of the ON condition, for EXPLAIN; empty when none
 */
@ExecNodeMetadata(name = "lookup_join", version = 1, minStateVersion = 1)
public record LookupJoinNode(
        int id,
        int input,
        List<FieldSpec> fields,
        JoinKind kind,
        String table,
        List<FieldSpec> tableFields,
        List<Integer> tableKey,
        List<Integer> lookupKeys,
        String conditionCode,
        String conditionText)
        implements ExecNode {
    public LookupJoinNode {
        requireNonNull(table, "table is null");
        fields = List.copyOf(fields);
        tableFields = List.copyOf(tableFields);
        tableKey = List.copyOf(tableKey);
        lookupKeys = List.copyOf(lookupKeys);
        if (tableKey.isEmpty() || tableKey.size() != lookupKeys.size()) {
            throw new IllegalArgumentException(
                    "a lookup join gives a value for each primary key column");
        }
        if (kind != JoinKind.INNER && kind != JoinKind.LEFT) {
            throw new IllegalArgumentException("a lookup join is inner or left");
        }
    }

    @Override
    public List<Integer> inputs() {
        return List.of(input);
    }

    /** Insert-only: each input row is joined once, when it arrives. */
    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    @Override
    public String explain() {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < tableKey.size(); i++) {
            keys.append(i == 0 ? "" : ", ")
                    .append(tableFields.get(tableKey.get(i)).name())
                    .append("=$")
                    .append(lookupKeys.get(i));
        }
        return "StreamLookupJoin(kind=["
                + kind.name().toLowerCase(Locale.ROOT)
                + "], table=["
                + table
                + "], lookup=["
                + keys
                + "]"
                + (conditionText.isEmpty() ? "" : ", where=[" + conditionText + "]")
                + ", emit=[each row when processed, with the table's row as it is then],"
                + " state=[none: reads the table's current rows])";
    }

    /** None: the table's rows are the table's, read when a row arrives. */
    @Override
    public String stateLayout(List<List<FieldSpec>> inputFields) {
        return "";
    }
}
