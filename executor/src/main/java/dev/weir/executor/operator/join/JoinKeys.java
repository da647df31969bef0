package dev.weir.executor.operator.join;

import dev.weir.common.row.Row;
import java.util.List;

/**
 * A join's key fields on each side, compared pairwise, and whether each pair matches NULL with NULL
 * ({@code IS NOT DISTINCT FROM}) or, under plain equality, never.
 */
final class JoinKeys {
    private final int[][] fields;
    private final boolean[] nullSafe;

    JoinKeys(List<Integer> leftKeys, List<Integer> rightKeys, List<Boolean> nullSafe) {
        this.fields =
                new int[][] {
                    leftKeys.stream().mapToInt(Integer::intValue).toArray(),
                    rightKeys.stream().mapToInt(Integer::intValue).toArray()
                };
        this.nullSafe = new boolean[nullSafe.size()];
        for (int i = 0; i < this.nullSafe.length; i++) {
            this.nullSafe[i] = nullSafe.get(i);
        }
    }

    /** The key values of a row of input {@code side}. */
    Row of(Row row, int side) {
        return row.project(fields[side]);
    }

    /** How many fields a key has. */
    int length() {
        return nullSafe.length;
    }

    /** Whether the key can match anything: no NULL where plain equality compares it. */
    boolean matchable(Row key) {
        return JoinRows.matchable(key, nullSafe);
    }
}
