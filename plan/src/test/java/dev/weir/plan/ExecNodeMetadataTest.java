package dev.weir.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every node type's metadata, and the version it writes into (and requires of) the JSON. */
class ExecNodeMetadataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyNodeTypeHasMetadataWhoseNameIsItsJsonName() {
        Map<Class<?>, String> jsonNames = new LinkedHashMap<>();
        for (JsonSubTypes.Type type : ExecNode.class.getAnnotation(JsonSubTypes.class).value()) {
            jsonNames.put(type.value(), type.name());
        }
        assertThat(jsonNames.keySet()).containsExactlyInAnyOrderElementsOf(ExecNodeTypes.all());
        for (Class<?> type : ExecNodeTypes.all()) {
            ExecNodeMetadata metadata = ExecNodeTypes.metadataOf(type);
            assertThat(metadata.name()).as(type.getSimpleName()).isEqualTo(jsonNames.get(type));
            assertThat(metadata.minStateVersion())
                    .as(type.getSimpleName())
                    .isBetween(1, metadata.version());
            assertThat(ExecNodeTypes.metadataNamed(metadata.name())).contains(metadata);
        }
        assertThat(ExecNodeTypes.all().stream().map(t -> ExecNodeTypes.metadataOf(t).name()))
                .doesNotHaveDuplicates()
                .containsExactly(
                        "source",
                        "calc",
                        "window_aggregate",
                        "group_aggregate",
                        "union",
                        "window_assign",
                        "emit_delay",
                        "join",
                        "values",
                        "rank",
                        "over_aggregate",
                        "interval_join",
                        "window_join",
                        "window_rank",
                        "window_buffer",
                        "temporal_join",
                        "lookup_join",
                        "proctime_watermark");
        assertThat(ExecNodeTypes.metadataNamed("top_n")).isEmpty();
    }

    @Test
    void aNodeIsWrittenWithItsVersionAndReadBackOnlyAtThatVersion() throws Exception {
        ExecNode calc =
                Nodes.calc(1, 0, Nodes.fields("k", dev.weir.common.type.ValueType.BIGINT), "code");
        String json = JSON.writeValueAsString(calc);
        assertThat(json)
                .isEqualTo(
                        "{\"op\":\"calc\",\"version\":1,\"id\":1,\"input\":0,\"fields\":[{\"name\":"
                                + "\"k\",\"type\":\"BIGINT\",\"nullable\":false}],"
                                + "\"changelogMode\":\"INSERT_ONLY\",\"code\":\"code\","
                                + "\"description\":\"select=[FieldSpec[name=k, type=BIGINT,"
                                + " nullable=false]]\"}");
        assertThat(JSON.readValue(json, ExecNode.class)).isEqualTo(calc);
        String newer = json.replace("\"version\":1", "\"version\":2");
        assertThatThrownBy(() -> JSON.readValue(newer, ExecNode.class))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessage(
                        "The plan has a 'calc' node of version 2; this release reads version 1.");
    }

    @Test
    void aPlanSaysItsVersionsInEveryNode() throws Exception {
        JobGraph graph =
                Nodes.graph(
                        Nodes.bid(0),
                        Nodes.calc(1, 0, Nodes.bid(0).fields(), "c"),
                        Nodes.windowTotals(2, 1, Nodes.tumble(1_000)));
        List<Integer> versions =
                JSON
                        .readTree(JSON.writeValueAsString(graph))
                        .path("nodes")
                        .findValues("version")
                        .stream()
                        .map(v -> v.asInt())
                        .toList();
        assertThat(versions).containsExactly(1, 1, 2);
        assertThat(JSON.readValue(JSON.writeValueAsString(graph), JobGraph.class)).isEqualTo(graph);
    }
}
