package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.SourceSchema;
import dev.weir.executor.connector.kafka.KafkaSink;
import dev.weir.executor.runtime.SourceFunction;
import dev.weir.plan.ExecNode;
import dev.weir.planner.catalog.Catalog;
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
    private final Catalog catalog;

    StreamConnectors(Connectors connectors, Catalog catalog) {
        this.connectors = connectors;
        this.catalog = catalog;
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
        return connectors.open(source.options(), schemaOf(source));
    }

    /**
     * The rows a plan's source reads: its fields, with the DECIMAL precision and scale its stream
     * declares (the plan's fields carry the physical type only), so that a connector reads every
     * DECIMAL at its column's scale: 12.5 and 12.50 in a file are one value.
     */
    private SourceSchema schemaOf(ExecNode.Source source) {
        SourceSchema plain = SourceSchema.of(source.fields(), source.timeField());
        if (!(catalog.find(source.stream()).orElse(null) instanceof StreamDef stream)) {
            return plain;
        }
        SourceSchema declared = schemaOf(stream);
        List<SourceSchema.Column> columns = new ArrayList<>();
        for (SourceSchema.Column column : plain.columns()) {
            int index = declared.indexOf(column.name());
            boolean sameType = index >= 0 && declared.column(index).type() == column.type();
            columns.add(
                    sameType && column.type() == ValueType.DECIMAL
                            ? SourceSchema.Column.decimal(
                                    column.name(),
                                    column.nullable(),
                                    declared.column(index).precision(),
                                    declared.column(index).scale())
                            : column);
        }
        return new SourceSchema(columns, plain.timeColumn());
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
            var type = CatalogSchema.typeOf(c, types);
            ValueType valueType = ValueTypes.of(type);
            columns.add(
                    valueType == ValueType.DECIMAL
                            ? SourceSchema.Column.decimal(
                                    c.name(), c.nullable(), type.getPrecision(), type.getScale())
                            : new SourceSchema.Column(c.name(), valueType, c.nullable()));
        }
        return new SourceSchema(columns, time);
    }
}
