package dev.weir.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.engine.Engine;
import dev.weir.executor.connector.log.FsyncPolicy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every {@code src/test/resources/sql/**.sqlt} script; one test per script. */
class SqlScriptTest {
    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        Path root = Paths.get(SqlScriptTest.class.getResource("/sql").toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            // -Dweir.sqlt=topn runs only the scripts whose path contains "topn" (while working).
            String only = System.getProperty("weir.sqlt", "");
            files =
                    walk.filter(p -> p.toString().endsWith(".sqlt"))
                            .filter(p -> root.relativize(p).toString().contains(only))
                            .sorted()
                            .toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            SqlScript script =
                    SqlScript.parse(
                            root.relativize(file).toString(),
                            Files.readString(file, StandardCharsets.UTF_8));
            tests.add(DynamicTest.dynamicTest(script.name(), () -> runScript(script)));
            if (script.isStateful()) {
                // Every stateful script also survives a restart in the middle, with equal results.
                SqlScript restarted = script.withRestartInTheMiddle();
                tests.add(DynamicTest.dynamicTest(restarted.name(), () -> runScript(restarted)));
            }
        }
        return tests.stream();
    }

    /** Runs a script on an engine with a data directory (as the server runs), and compares. */
    private static void runScript(SqlScript script) throws Exception {
        Path dataDir = Files.createTempDirectory("weir-sqlt");
        List<SqlScriptRunner.StepResult> actual;
        try {
            actual = SqlScriptRunner.run(script, () -> Engine.open(dataDir, FsyncPolicy.NEVER, 0));
        } finally {
            deleteRecursively(dataDir);
        }
        StringBuilder expectedText = new StringBuilder();
        StringBuilder actualText = new StringBuilder();
        for (int i = 0; i < script.steps().size(); i++) {
            SqlScript.Step step = script.steps().get(i);
            String header = "-- line " + step.line() + ": " + step.sql().replace('\n', ' ') + "\n";
            expectedText.append(header);
            actualText.append(header);
            List<String> expected = step.expected();
            SqlScriptRunner.StepResult result = actual.get(i);
            List<String> expectedLines =
                    result.ordered() ? expected : expected.stream().sorted().toList();
            expectedLines.forEach(l -> expectedText.append("> ").append(l).append('\n'));
            result.lines().forEach(l -> actualText.append("> ").append(l).append('\n'));
        }
        assertThat(actualText.toString()).isEqualTo(expectedText.toString());
    }

    /**
     * Deletes the data directory. A cancelled continuous query's state directory may still be being
     * deleted by its own thread, so a file can vanish under the walk: then walk again.
     */
    private static void deleteRecursively(Path root) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (java.io.UncheckedIOException | java.nio.file.DirectoryNotEmptyException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
