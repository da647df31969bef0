package dev.weir.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What tests read back from an engine: a query's rows as text, one query's SHOW QUERIES row. */
final class EngineResults {
    private EngineResults() {}

    /** Each row of {@code sql}'s result as {@code [a, b]}. */
    static List<String> rows(Engine engine, String sql) {
        return ((StatementResult.Rows) engine.execute(sql))
                .rows().stream().map(Arrays::toString).toList();
    }

    /** SHOW QUERIES' row of one query, by column name. */
    static Map<String, Object> showQuery(Engine engine, String id) {
        StatementResult.Rows result = (StatementResult.Rows) engine.execute("SHOW QUERIES");
        for (Object[] row : result.rows()) {
            if (row[0].equals(id)) {
                Map<String, Object> byName = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    byName.put(result.columns().get(i).name(), row[i]);
                }
                return byName;
            }
        }
        throw new AssertionError("no query " + id + " in SHOW QUERIES");
    }
}
