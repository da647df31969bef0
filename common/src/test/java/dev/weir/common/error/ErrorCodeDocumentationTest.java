package dev.weir.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/sql.md}'s table of errors is the users' list of codes: one row per {@link ErrorCode},
 * in the enum's order, with its number and SQLSTATE as the enum has them, and a sentence saying
 * when it happens. A new code, a changed SQLSTATE or a row for a code that is gone fails here.
 */
class ErrorCodeDocumentationTest {
    private static final Path DOC = Path.of("..", "docs", "sql.md");

    /** {@code | 33 | `NUMERIC_OVERFLOW` | 22003 | when | example |}. */
    private static final Pattern ROW =
            Pattern.compile(
                    "^\\| (\\d+) \\| `([A-Z_]+)` \\| ([0-9A-Z]{5}) \\| ([^|]*) \\|",
                    Pattern.MULTILINE);

    /** One row of the table. */
    private record Row(int code, String sqlState, String when) {}

    /** The table's rows by code name, in the document's order. */
    private static Map<String, Row> documentedRows() throws IOException {
        String doc = Files.readString(DOC);
        int errors = doc.indexOf("\n## Errors\n");
        assertThat(errors).as("a section '## Errors' in %s", DOC).isNotNegative();
        Matcher m = ROW.matcher(doc.substring(errors));
        Map<String, Row> rows = new LinkedHashMap<>();
        while (m.find()) {
            Row row = new Row(Integer.parseInt(m.group(1)), m.group(3), m.group(4).strip());
            assertThat(rows.put(m.group(2), row))
                    .as("%s has two rows in %s", m.group(2), DOC)
                    .isNull();
        }
        return rows;
    }

    @Test
    void everyCodeHasARowWithItsNumberSqlStateAndWhen() throws IOException {
        Map<String, Row> rows = documentedRows();
        List<String> names = new ArrayList<>();
        for (ErrorCode code : ErrorCode.values()) {
            names.add(code.name());
            Row row = rows.get(code.name());
            assertThat(row).as("a row for %s in the errors table of %s", code, DOC).isNotNull();
            assertThat(row.code()).as("%s's number", code).isEqualTo(code.code());
            assertThat(row.sqlState()).as("%s's SQLSTATE", code).isEqualTo(code.sqlState());
            assertThat(row.when()).as("when %s happens", code).isNotEmpty();
        }
        assertThat(rows.keySet())
                .as("the rows, in the enum's order")
                .containsExactlyElementsOf(names);
    }
}
