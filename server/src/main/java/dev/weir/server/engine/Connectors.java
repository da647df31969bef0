package dev.weir.server.engine;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.exec.FieldSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens the streams that are read through a connector ({@code WITH ('connector' = ...)}). */
public final class Connectors {
    private Connectors() {}

    public static Connectors builtIn() {
        return new Connectors();
    }

    void validate(StreamDef stream) {
        throw unknown(stream.options().get("connector"));
    }

    boolean isBounded(Map<String, String> options) {
        return false;
    }

    SourceFunction open(
            String stream, Map<String, String> options, List<FieldSpec> fields, int timeField) {
        throw unknown(options.get("connector"));
    }

    private static WeirException unknown(String connector) {
        return new WeirException(
                ErrorCode.INVALID_OPTION,
                Optional.empty(),
                "Unknown connector '" + connector + "'.");
    }
}
