package dev.weir.sqltests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.server.engine.Engine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
            files = walk.filter(p -> p.toString().endsWith(".sqlt")).sorted().toList();
        }
        return files.stream()
                .map(
                        file ->
                                DynamicTest.dynamicTest(
                                        root.relativize(file).toString(), () -> runScript(file)));
    }

    private static void runScript(Path file) throws Exception {
        SqlScript script =
                SqlScript.parse(
                        file.getFileName().toString(),
                        Files.readString(file, StandardCharsets.UTF_8));
        List<SqlScriptRunner.StepResult> actual;
        try (Engine engine = Engine.inMemory()) {
            actual = SqlScriptRunner.run(script, engine);
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
}
