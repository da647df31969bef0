package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weir.common.error.WeirException;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlExplainQuery;
import dev.weir.plan.JobGraph;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.SystemTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The plans of a corpus of statements, compared with golden files: a change of the planner that
 * changes any plan shows here, as a diff of the plan's JSON and EXPLAIN text.
 *
 * <p>Each {@code src/test/resources/plans/NAME.sql} is a script of statements (each ending with a
 * {@code ;} at the end of a line, {@code #} lines are comments) planned against a catalog of its
 * own: CREATE STREAM, TABLE, VIEW and MATERIALIZED VIEW add to the catalog ({@code !system CREATE
 * STREAM t (...)} declares the system table {@code sys.t} with those columns); queries, INSERT ...
 * SELECT, UPDATE, DELETE and materialized views are planned. {@code NAME.plans} holds the plans
 * (the {@link JobGraph} as JSON, with sorted keys, and its EXPLAIN text), {@code NAME.errors} the
 * statements that are refused, with their code, position and message.
 *
 * <p>Regenerating the goldens is a deliberate act, to be reviewed in the diff like code: run
 *
 * <pre>
 * mvn -o -B verify -pl planner -am -Dtest=PlanGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dweir.plans.regenerate=true
 * </pre>
 *
 * which rewrites the golden files from the current planner (the test then passes).
 */
class PlanGoldenTest {
    /** The system property that rewrites the golden files instead of comparing with them. */
    static final String REGENERATE = "weir.plans.regenerate";

    private static final Path CORPUS = Path.of("src", "test", "resources", "plans");

    /** As the engine fingerprints plans: keys sorted, so the text does not depend on the JVM. */
    private static final ObjectMapper PLAN_JSON =
            JsonMapper.builder()
                    .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();

    @TestFactory
    Stream<DynamicTest> plansMatchTheGoldens() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(CORPUS)) {
            scripts = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(scripts).isNotEmpty();
        return scripts.stream()
                .map(
                        script ->
                                DynamicTest.dynamicTest(
                                        script.getFileName().toString(), () -> check(script)));
    }

    private static void check(Path script) throws IOException {
        Goldens actual = plan(script);
        String base = script.getFileName().toString().replaceFirst("\\.sql$", "");
        Path plans = script.resolveSibling(base + ".plans");
        Path errors = script.resolveSibling(base + ".errors");
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(plans, actual.plans(), StandardCharsets.UTF_8);
            Files.writeString(errors, actual.errors(), StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual.plans())
                .as("plans of %s (regenerate with -D%s=true)", script, REGENERATE)
                .isEqualTo(Files.readString(plans, StandardCharsets.UTF_8));
        assertThat(actual.errors())
                .as("errors of %s (regenerate with -D%s=true)", script, REGENERATE)
                .isEqualTo(Files.readString(errors, StandardCharsets.UTF_8));
    }

    private record Goldens(String plans, String errors) {}

    private record Statement(int line, String sql) {}

    private static Goldens plan(Path script) throws IOException {
        Catalog catalog = Catalog.inMemory();
        StringBuilder plans = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        String name = script.getFileName().toString();
        for (Statement statement : statements(script)) {
            String header = "==== " + name + ":" + statement.line() + "\n" + statement.sql() + "\n";
            try {
                JobGraph graph = execute(statement.sql(), catalog);
                if (graph != null) {
                    plans.append(header)
                            .append("---- explain\n")
                            .append(graph.explain())
                            .append("---- json\n")
                            .append(json(graph))
                            .append("\n\n");
                }
            } catch (WeirException e) {
                errors.append(header)
                        .append("ERROR ")
                        .append(e.code())
                        .append(
                                e.position()
                                        .map(
                                                p ->
                                                        " "
                                                                + p.line()
                                                                + ":"
                                                                + p.column()
                                                                + "-"
                                                                + p.endLine()
                                                                + ":"
                                                                + p.endColumn())
                                        .orElse(" (no position)"))
                        .append(": ")
                        .append(e.rawMessage())
                        .append("\n\n");
            } catch (RuntimeException e) {
                // Not a user error: a bug (it reaches users as INTERNAL_ERROR), kept visible here.
                errors.append(header)
                        .append("NOT A WEIR ERROR ")
                        .append(e.getClass().getName())
                        .append(": ")
                        .append(e.getMessage())
                        .append("\n\n");
            }
        }
        return new Goldens(plans.toString(), errors.toString());
    }

    /** Runs one statement against the catalog; the plan it makes, or null for a definition. */
    private static JobGraph execute(String sql, Catalog catalog) {
        if (sql.startsWith("!system ")) {
            StreamDef columns =
                    new Planner(catalog)
                            .stream(
                                    (SqlCreateStream)
                                            WeirParser.parseStatement(
                                                    sql.substring("!system ".length())));
            List<SystemTable> tables = new ArrayList<>(catalog.systemTables());
            tables.add(new SystemTable(columns.name(), columns.columns()));
            catalog.declareSystemTables(tables);
            return null;
        }
        SqlNode node = WeirParser.parseStatement(sql);
        if (node instanceof SqlCreateStream create) {
            catalog.add(new Planner(catalog).stream(create));
            return null;
        }
        if (node instanceof SqlCreateTable create) {
            catalog.add(new Planner(catalog).table(create));
            return null;
        }
        if (node instanceof SqlCreateView create) {
            catalog.add(new Planner(catalog).view(create));
            return null;
        }
        if (node instanceof SqlCreateMaterializedView create) {
            Planner.MaterializedViewPlan plan = Planner.materializedView(create, catalog);
            catalog.add(plan.definition());
            return plan.query().graph();
        }
        if (node instanceof SqlInsert insert) {
            return new Planner(catalog).insertQuery(insert).query().graph();
        }
        if (node instanceof SqlUpdate update) {
            return new Planner(catalog).update(update).rows().graph();
        }
        if (node instanceof SqlDelete delete) {
            return new Planner(catalog).delete(delete).rows().graph();
        }
        if (node instanceof SqlExplainQuery explain) {
            return new Planner(catalog).planQuery(explain.explained()).graph();
        }
        return new Planner(catalog).planQuery(node).graph();
    }

    private static String json(JobGraph graph) {
        try {
            return PLAN_JSON.writeValueAsString(graph);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a script: each ends with a semicolon at the end of a line. */
    private static List<Statement> statements(Path script) throws IOException {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (current.isEmpty() && (line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            if (current.isEmpty()) {
                start = i + 1;
            } else {
                current.append('\n');
            }
            current.append(line);
            if (line.stripTrailing().endsWith(";")) {
                String sql = current.toString().stripTrailing();
                statements.add(new Statement(start, sql.substring(0, sql.length() - 1)));
                current.setLength(0);
            }
        }
        assertThat(current.toString()).as("an unterminated statement in %s", script).isBlank();
        return statements;
    }
}
