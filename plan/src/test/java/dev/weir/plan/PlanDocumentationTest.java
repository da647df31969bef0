package dev.weir.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/plan.md} is the plan's contract for other runners: it documents every node type at
 * its current version with every field, and its example is a plan that reads and writes back
 * unchanged. A new node type, a new field or a version bump without its documentation fails here.
 */
class PlanDocumentationTest {
    private static final Path DOC = Path.of("..", "docs", "plan.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUMMARY_ROW =
            Pattern.compile("^\\| `([a-z_]+)` \\| (\\d+) \\| (\\d+) \\|", Pattern.MULTILINE);
    private static final Pattern FIELD_ROW =
            Pattern.compile("^\\| `([A-Za-z]+)` \\|", Pattern.MULTILINE);

    private static String doc() throws IOException {
        return Files.readString(DOC);
    }

    /** The text of the section {@code ### `name`}, up to the next heading of its level or above. */
    private static String section(String doc, String name) {
        String heading = "\n### `" + name + "`\n";
        int start = doc.indexOf(heading);
        assertThat(start).as("a section %s in %s", heading.strip(), DOC).isNotNegative();
        int end = doc.length();
        for (String next : List.of("\n### ", "\n## ")) {
            int at = doc.indexOf(next, start + heading.length());
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return doc.substring(start, end);
    }

    /** The {@code ```json} blocks after {@code heading}, in order. */
    private static List<String> jsonBlocks(String doc, String heading) {
        List<String> blocks = new ArrayList<>();
        int at = doc.indexOf(heading);
        assertThat(at).as("a heading %s", heading).isNotNegative();
        while ((at = doc.indexOf("```json\n", at)) >= 0) {
            int end = doc.indexOf("\n```", at);
            blocks.add(doc.substring(at + "```json\n".length(), end));
            at = end;
        }
        return blocks;
    }

    @Test
    void everyNodeTypeIsDocumentedAtItsVersion() throws IOException {
        String doc = doc();
        List<String> documented = new ArrayList<>();
        Matcher row = SUMMARY_ROW.matcher(doc);
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
        }
        List<String> expected =
                ExecNodeTypes.all().stream()
                        .map(ExecNodeTypes::metadataOf)
                        .map(m -> m.name() + " " + m.version() + " " + m.minStateVersion())
                        .toList();
        assertThat(documented).containsExactlyElementsOf(expected);
        for (Class<?> type : ExecNodeTypes.all()) {
            ExecNodeMetadata metadata = ExecNodeTypes.metadataOf(type);
            assertThat(section(doc, metadata.name()))
                    .contains("| `op` | string | `" + metadata.name() + "` |")
                    .contains("| `version` | int | " + metadata.version() + " |");
        }
    }

    @Test
    void everyFieldOfEveryNodeTypeIsDocumented() throws IOException {
        String doc = doc();
        for (Class<?> type : ExecNodeTypes.all()) {
            String name = ExecNodeTypes.metadataOf(type).name();
            Set<String> fields = new LinkedHashSet<>(List.of("op", "version"));
            Arrays.stream(type.getRecordComponents()).forEach(c -> fields.add(c.getName()));
            Set<String> documented = new LinkedHashSet<>();
            Matcher row = FIELD_ROW.matcher(section(doc, name));
            while (row.find()) {
                documented.add(row.group(1));
            }
            assertThat(documented).as(name).containsExactlyElementsOf(fields);
        }
    }

    @Test
    void theExampleReadsAsAPlanAndWritesBackUnchanged() throws IOException {
        List<String> blocks = jsonBlocks(doc(), "\n## Example\n");
        assertThat(blocks).hasSize(1);
        String example = blocks.get(0);
        JobGraph graph = JSON.readValue(example, JobGraph.class);
        assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(graph))
                .isEqualTo(example);
        assertThat(graph.explain())
                .isEqualTo(
                        "StreamCalc(select=[auction, window_start, window_end, bids, top])"
                                + " changelog=[insert-only]\n"
                                + "  StreamWindowAggregate(window=[TUMBLE], keys=[1],"
                                + " calls=[COUNT_STAR, MAX], emit=[after watermark])"
                                + " changelog=[insert-only]\n"
                                + "    StreamCalc(select=[f0, f1, f2]) changelog=[insert-only]\n"
                                + "      StreamSource(stream=[bid], watermark=[bidtime - 1000ms])"
                                + " changelog=[insert-only]\n");
    }

    @Test
    void theDocumentedStateIsTheExamplesState() throws IOException {
        String doc = doc();
        JobGraph graph = JSON.readValue(jsonBlocks(doc, "\n## Example\n").get(0), JobGraph.class);
        List<String> state = jsonBlocks(doc, "\n## State and checkpoints\n");
        PlanState documented = JSON.readValue(state.get(0), PlanState.class);
        assertThat(documented).isEqualTo(PlanState.of(graph));
        assertThat(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(documented))
                .isEqualTo(state.get(0));
    }
}
