package dev.weir.benchmarks.nexmark;

import dev.weir.common.type.ValueType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query's final answer, built from its stream realization: each row added, each {@code undo} row
 * taking one back. Written as the Flink runner writes its rows (comma-separated, timestamps {@code
 * yyyy-MM-dd HH:mm:ss.SSS}, sorted), without a header, for {@code compare.py}.
 */
public final class FinalRows {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private final List<ValueType> types;
    private final Map<String, Integer> counts = new HashMap<>();

    /** Rows of {@code types}; each change carries an {@code undo} flag after them. */
    public FinalRows(List<ValueType> types) {
        this.types = List.copyOf(types);
    }

    /** One row of the stream realization: the visible values, then {@code undo}. */
    public void accept(Object[] change) {
        String line = line(change);
        boolean undo = Boolean.TRUE.equals(change[types.size()]);
        int delta = undo ? -1 : 1;
        counts.merge(line, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** The final rows, sorted; fails if a retraction found no row to take back. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalStateException("retracted more often than added: " + e.getKey());
            }
            for (int i = 0; i < e.getValue(); i++) {
                lines.add(e.getKey());
            }
        }
        lines.sort(null);
        return lines;
    }

    /** Writes the final rows, a line each; returns how many. */
    public int write(Path file) throws IOException {
        List<String> lines = lines();
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return lines.size();
    }

    private String line(Object[] change) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(text(change[i], types.get(i)));
        }
        return b.toString();
    }

    private static String text(Object value, ValueType type) {
        if (value == null) {
            return "";
        }
        if (type == ValueType.TIMESTAMP) {
            long millis = ((Number) value).longValue();
            return LocalDateTime.ofEpochSecond(
                            Math.floorDiv(millis, 1000),
                            (int) Math.floorMod(millis, 1000) * 1_000_000,
                            ZoneOffset.UTC)
                    .format(TIMESTAMP);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }
}
