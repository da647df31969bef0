package dev.weir.server.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlinkOptionsTest {
    @Test
    void anAddressIsHostAndPort() {
        assertThat(new FlinkOptions(2, Optional.of("flink.example:8081")).address())
                .contains("flink.example:8081");
        for (String bad : new String[] {"flink.example", ":8081", "host:0", "host:http"}) {
            assertThatThrownBy(() -> new FlinkOptions(2, Optional.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "--flink-address is host:port (the JobManager's REST API, e.g."
                                    + " localhost:8081), not '"
                                    + bad
                                    + "'");
        }
    }

    @Test
    void parallelismIsAtLeastOne() {
        assertThatThrownBy(() -> new FlinkOptions(0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--flink-parallelism must be at least 1, not 0");
    }

    @Test
    void aRemoteClusterGetsWeirsJarsButNotFlinksNorTheEnginesRocksDb() {
        String classPath =
                String.join(
                        File.pathSeparator,
                        "/m2/weir-executor.jar",
                        "/m2/flink-runtime-2.3.0.jar",
                        "/m2/flink-connector-kafka-5.0.0-2.2.jar",
                        "/m2/rocksdbjni-10.10.1.jar",
                        "/repo/server/target/classes",
                        "/m2/janino-3.1.12.jar");
        assertThat(FlinkJars.ofClassPath(classPath))
                .containsExactly(
                        "/m2/weir-executor.jar",
                        "/m2/flink-connector-kafka-5.0.0-2.2.jar",
                        "/m2/janino-3.1.12.jar");
    }
}
