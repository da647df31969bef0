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
        List<FieldSpec> fields = ValueTypes.fieldsOf(scan.getRowType());
        int timeField =
                stream.watermark().isPresent()
                        ? scan.getRowType().getFieldNames().indexOf(stream.watermarkColumn())
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
        return Translated.of(id, fields, ChangelogMode.INSERT_ONLY, List.of());
    }
}
