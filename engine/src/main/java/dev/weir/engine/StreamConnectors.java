package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.SourceSchema;
import dev.weir.executor.connector.kafka.KafkaSink;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.plan.ExecNode;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.physical.ValueTypes;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.WeirTypeSystem;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;

/**
 * The catalog's streams declared {@code WITH ('connector' = ...)}, on the executor's {@link
 * Connectors} (which know the connectors, their options and how to read and write them): what the
 * database adds is each stream's rows as its catalog entry declares them, and which of its streams
 * INSERT writes through a connector.
 */
final class StreamConnectors {
    private final Connectors connectors;

    StreamConnectors(Connectors connectors) {
        this.connectors = connectors;
    }

    /**
     * Checks a new stream's options against its connector and its columns, so that a bad one fails
     * the CREATE STREAM rather than a query later; never touches the network.
     */
    void validate(StreamDef stream) {
        connectors.validate(stream.options(), schemaOf(stream));
    }

    /**
     * Whether INSERT writes the stream through its connector (a Kafka stream); an internal stream
     * is written into its log instead, and other connectors only read.
     */
    boolean writesThroughConnector(StreamDef stream) {
        return !stream.isInternal() && connectors.isWritable(stream.options());
    }

    /** The writer of a persistent INSERT INTO a Kafka stream (see {@link KafkaSink}). */
    KafkaSink kafkaSink(StreamDef stream, String transactionalId, boolean checkpointed) {
        return connectors.sink(stream.options(), schemaOf(stream), transactionalId, checkpointed);
    }

    /** Writes the rows of INSERT INTO a Kafka stream VALUES, committed before this returns. */
    void append(StreamDef stream, List<Row> rows) {
        connectors.append(stream.options(), schemaOf(stream), rows);
    }

    /** A reader of a plan's source read through a connector. */
    SourceFunction open(ExecNode.Source source) {
        return connectors.open(
                source.options(), SourceSchema.of(source.fields(), source.timeField()));
    }

    /** Whether a source read through a connector ends by itself. */
    boolean isBounded(ExecNode.Source source) {
        return connectors.isBounded(source.options());
    }

    /** The rows a stream's connector produces or takes: its columns, NOT NULL and time column. */
    private static SourceSchema schemaOf(StreamDef stream) {
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);
        List<SourceSchema.Column> columns = new ArrayList<>();
        int time = -1;
        for (ColumnDef c : stream.columns()) {
            if (stream.watermark().isPresent()
                    && c.name().equalsIgnoreCase(stream.watermark().get())) {
                time = columns.size();
            }
            columns.add(
                    new SourceSchema.Column(
                            c.name(), ValueTypes.of(CatalogSchema.typeOf(c, types)), c.nullable()));
        }
        return new SourceSchema(columns, time);
    }
}
