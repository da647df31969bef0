package dev.weir.planner.physical;

import dev.weir.plan.ChangelogMode;
import dev.weir.plan.FieldSpec;
import java.util.List;

/**
 * What translating a subtree made: the node that produces its rows, and what its consumers need to
 * know about those rows. Translators pass facts up in this record, never through shared state, so a
 * translator sees exactly what its inputs say about themselves.
 *
 * @param id the node producing the subtree's rows
 * @param fields its output fields
 * @param mode whether its rows are only appended or also retracted
 * @param key the fields that key its rows (for upserts and lookups); empty when every row is its
 *     own key
 * @param windowStart the field holding each row's window start, where {@code windowEnd} is set and
 *     the start is passed on too; -1 otherwise
 * @param windowEnd the field holding each row's window end, when its rows belong to windows (a
 *     window join joins on it); -1 otherwise
 * @param completedByWatermark its rows are a window aggregate's, passed through calcs only: each is
 *     final once the watermark passes its window, which EMIT AFTER WATERMARK needs at the root
 */
record Translated(
        int id,
        List<FieldSpec> fields,
        ChangelogMode mode,
        List<Integer> key,
        int windowStart,
        int windowEnd,
        boolean completedByWatermark) {
    Translated {
        fields = List.copyOf(fields);
        key = List.copyOf(key);
    }

    /** Rows outside windows, which nothing but their retraction completes. */
    static Translated of(int id, List<FieldSpec> fields, ChangelogMode mode, List<Integer> key) {
        return new Translated(id, fields, mode, key, -1, -1, false);
    }
}
