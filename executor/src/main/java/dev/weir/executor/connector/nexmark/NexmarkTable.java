package dev.weir.executor.connector.nexmark;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import java.util.List;
import java.util.Locale;

/** The three Nexmark streams and their columns, as in Flink's Nexmark SQL. */
public enum NexmarkTable {
    PERSON(
            List.of(
                    col("id", ValueType.BIGINT),
                    col("name", ValueType.VARCHAR),
                    col("emailAddress", ValueType.VARCHAR),
                    col("creditCard", ValueType.VARCHAR),
                    col("city", ValueType.VARCHAR),
                    col("state", ValueType.VARCHAR),
                    col("dateTime", ValueType.TIMESTAMP),
                    col("extra", ValueType.VARCHAR))),
    AUCTION(
            List.of(
                    col("id", ValueType.BIGINT),
                    col("itemName", ValueType.VARCHAR),
                    col("description", ValueType.VARCHAR),
                    col("initialBid", ValueType.BIGINT),
                    col("reserve", ValueType.BIGINT),
                    col("dateTime", ValueType.TIMESTAMP),
                    col("expires", ValueType.TIMESTAMP),
                    col("seller", ValueType.BIGINT),
                    col("category", ValueType.BIGINT),
                    col("extra", ValueType.VARCHAR))),
    BID(
            List.of(
                    col("auction", ValueType.BIGINT),
                    col("bidder", ValueType.BIGINT),
                    col("price", ValueType.BIGINT),
                    col("channel", ValueType.VARCHAR),
                    col("url", ValueType.VARCHAR),
                    col("dateTime", ValueType.TIMESTAMP),
                    col("extra", ValueType.VARCHAR)));

    /** A column of a Nexmark stream. */
    public record Column(String name, ValueType type) {}

    private final List<Column> columns;

    NexmarkTable(List<Column> columns) {
        this.columns = columns;
    }

    private static Column col(String name, ValueType type) {
        return new Column(name, type);
    }

    public List<Column> columns() {
        return columns;
    }

    /** The table's rows as a source produces them: nullable columns, event time in dateTime. */
    public SourceSchema schema() {
        List<SourceSchema.Column> schema =
                columns.stream()
                        .map(c -> new SourceSchema.Column(c.name(), c.type(), true))
                        .toList();
        return new SourceSchema(schema, -1).withTimeColumn("dateTime");
    }

    /** Whether {@code schema} declares this table's columns, by name and type, in order. */
    public boolean matches(SourceSchema schema) {
        if (schema.size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            SourceSchema.Column declared = schema.column(i);
            if (!declared.name().equalsIgnoreCase(columns.get(i).name())
                    || declared.type() != columns.get(i).type()) {
                return false;
            }
        }
        return true;
    }

    /** The CREATE STREAM statement for this table over the generator. */
    public String createStatement(String streamName, long eventsPerSecond) {
        StringBuilder b = new StringBuilder("CREATE STREAM ").append(streamName).append(" (");
        for (Column c : columns) {
            b.append(c.name())
                    .append(' ')
                    .append(c.type() == ValueType.TIMESTAMP ? "TIMESTAMP(3)" : c.type().name())
                    .append(", ");
        }
        b.append(
                        "WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND) WITH ('connector' ="
                                + " 'nexmark', 'table' = '")
                .append(name().toLowerCase(Locale.ROOT))
                .append("', 'events-per-second' = '")
                .append(eventsPerSecond)
                .append("')");
        return b.toString();
    }

    public static NexmarkTable of(String name) {
        for (NexmarkTable t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
