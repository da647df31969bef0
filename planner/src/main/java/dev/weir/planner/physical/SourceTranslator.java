package dev.weir.planner.physical;

import dev.weir.common.error.Errors;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.ExecNode;
import dev.weir.plan.FieldSpec;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.SystemTable;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.validate.CatalogSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * A read of a catalog object: a stream's events (appended only, with its watermark), a table's or
 * materialized view's rows (as their changelog, keyed as they are), a system table's snapshot.
 * Views never get here: they are expanded into their queries during validation.
 */
final class SourceTranslator implements RelTranslator<TableScan> {
    @Override
    public Class<TableScan> relClass() {
        return TableScan.class;
    }

    @Override
    public Translated translate(TableScan scan, TranslationContext context) {
        CatalogSchema.SystemTableTable system =
                scan.getTable().unwrap(CatalogSchema.SystemTableTable.class);
        if (system != null) {
            return systemTable(scan, system.table(), context);
        }
        CatalogSchema.ObjectTable table = scan.getTable().unwrap(CatalogSchema.ObjectTable.class);
        CatalogObject object = table == null ? null : table.object();
        if (object instanceof MaterializedViewDef view) {
            ChangelogMode mode =
                    view.appendOnly() ? ChangelogMode.INSERT_ONLY : ChangelogMode.RETRACT;
            return keyed(scan, view.name(), mode, view.key(), context);
        }
        if (object instanceof TableDef keyed) {
            // A table's rows change: it is read as its changelog, keyed by its primary key.
            return keyed(scan, keyed.name(), ChangelogMode.RETRACT, keyed.primaryKey(), context);
        }
        if (object instanceof StreamDef stream) {
            return stream(scan, stream, context);
        }
        throw Errors.unsupportedStreamingQuery(
                Optional.empty(),
                "Reading "
                        + (object == null
                                ? "this object"
                                : object.kindName().toLowerCase(Locale.ROOT)
                                        + " '"
                                        + object.name()
                                        + "'")
                        + " is not supported yet; only streams and materialized views can be"
                        + " queried.");
    }

    /** A system table is made when read: a snapshot, which has no changes to stream. */
    private static Translated systemTable(
            TableScan scan, SystemTable table, TranslationContext context) {
        EmitSpec emit = context.emit();
        if (emit.stream()) {
            throw Errors.unsupportedStreamingQuery(
                    emit.position(),
                    "The system table '"
                            + table.name()
                            + "' is a snapshot of the server as of the query; query it without"
                            + " EMIT (again, to see it change).");
        }
        List<FieldSpec> fields = ValueTypes.fieldsOf(scan.getRowType());
        int id =
                context.add(
                        i ->
                                new ExecNode.Source(
                                        i,
                                        SystemTable.SCHEMA + "." + table.name(),
                                        fields,
                                        -1,
                                        0,
                                        Map.of(ExecNode.Source.SYSTEM_TABLE, table.name()),
                                        ChangelogMode.INSERT_ONLY));
        return Translated.of(id, fields, ChangelogMode.INSERT_ONLY, List.of());
    }

    /** A table or materialized view: its rows keyed by {@code keyColumns}. */
    private static Translated keyed(
            TableScan scan,
            String name,
            ChangelogMode mode,
            List<String> keyColumns,
            TranslationContext context) {
        List<FieldSpec> fields = ValueTypes.fieldsOf(scan.getRowType());
        int id = context.add(i -> new ExecNode.Source(i, name, fields, -1, 0, Map.of(), mode));
        List<Integer> key = new ArrayList<>();
        for (String column : keyColumns) {
            key.add(scan.getRowType().getFieldNames().indexOf(column));
        }
        return Translated.of(id, fields, mode, key);
    }

    private static Translated stream(TableScan scan, StreamDef stream, TranslationContext context) {
        RelDataType stored = storedRowType(scan.getRowType(), stream, context);
        List<FieldSpec> fields = ValueTypes.fieldsOf(stored);
        int timeField =
                stream.watermark().isPresent()
                        ? stored.getFieldNames().indexOf(stream.watermarkColumn())
                        : -1;
        int id =
                context.add(
                        i ->
                                new ExecNode.Source(
                                        i,
                                        stream.name(),
                                        fields,
                                        timeField,
                                        stream.watermarkDelayMillis(),
                                        stream.options(),
                                        ChangelogMode.INSERT_ONLY));
        if (stream.procTime().isEmpty()) {
            return Translated.of(id, fields, ChangelogMode.INSERT_ONLY, List.of());
        }
        return withProcTime(id, stored, scan.getRowType(), stream, context);
    }

    /** The stream's stored columns: the row type without its processing-time attribute. */
    private static RelDataType storedRowType(
            RelDataType rowType, StreamDef stream, TranslationContext context) {
        if (stream.procTime().isEmpty()) {
            return rowType;
        }
        RelDataTypeFactory.Builder builder = context.typeFactory().builder();
        for (RelDataTypeField field : rowType.getFieldList()) {
            if (field.getIndex() != stream.procTimePosition()) {
                builder.add(field);
            }
        }
        return builder.build();
    }

    /**
     * A calc over the stored columns that adds the processing-time attribute at its place: the wall
     * clock when the calc reads the row (per record in a streaming query, as LOCALTIMESTAMP is;
     * fixed at the start of a snapshot query).
     */
    private static Translated withProcTime(
            int source,
            RelDataType stored,
            RelDataType rowType,
            StreamDef stream,
            TranslationContext context) {
        RexBuilder rexBuilder = context.rexBuilder();
        List<RexNode> projects = new ArrayList<>();
        for (RelDataTypeField field : stored.getFieldList()) {
            projects.add(rexBuilder.makeInputRef(field.getType(), field.getIndex()));
        }
        RelDataType procTimeType = rowType.getFieldList().get(stream.procTimePosition()).getType();
        projects.add(
                stream.procTimePosition(),
                rexBuilder.makeCall(procTimeType, SqlStdOperatorTable.LOCALTIMESTAMP, List.of()));
        RexProgram program =
                RexProgram.create(stored, projects, null, rowType.getFieldNames(), rexBuilder);
        String code = CalcCodeGenerator.generate(program, context.typeFactory());
        List<FieldSpec> fields = ValueTypes.fieldsOf(rowType);
        int id =
                context.add(
                        i ->
                                new ExecNode.Calc(
                                        i,
                                        source,
                                        fields,
                                        ChangelogMode.INSERT_ONLY,
                                        code,
                                        "proctime=["
                                                + stream.procTimeColumn()
                                                + "], select="
                                                + rowType.getFieldNames()));
        return Translated.of(id, fields, ChangelogMode.INSERT_ONLY, List.of());
    }
}
