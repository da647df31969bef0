package dev.weir.flink.source;

import dev.weir.common.type.ValueType;
import dev.weir.executor.connector.SourceSchema;
import dev.weir.plan.ExecNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A source's columns in a form Flink can ship to its task managers; {@link #toSchema} gives back
 * the {@link SourceSchema} Weir's decoders read.
 */
final class RowSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final ValueType[] types;
    private final boolean[] nullable;
    private final int timeColumn;

    private RowSchema(String[] names, ValueType[] types, boolean[] nullable, int timeColumn) {
        this.names = names;
        this.types = types;
        this.nullable = nullable;
        this.timeColumn = timeColumn;
    }

    static RowSchema of(ExecNode.Source source) {
        int n = source.fields().size();
        String[] names = new String[n];
        ValueType[] types = new ValueType[n];
        boolean[] nullable = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = source.fields().get(i).name();
            types[i] = source.fields().get(i).type();
            nullable[i] = source.fields().get(i).nullable();
        }
        return new RowSchema(names, types, nullable, source.timeField());
    }

    SourceSchema toSchema() {
        List<SourceSchema.Column> columns = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            columns.add(new SourceSchema.Column(names[i], types[i], nullable[i]));
        }
        return new SourceSchema(columns, timeColumn);
    }
}
