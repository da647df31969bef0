package dev.weir.planner.prepare;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.WeirException;
import dev.weir.parser.Positions;
import dev.weir.parser.ddl.SqlEmitQuery;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.SystemTable;
import dev.weir.planner.validate.CatalogLevelSchema;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.SqlToPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlUpdate;

/**
 * What a client learns of a statement when it prepares it, by validation alone (no plan, no job):
 * its result columns, whether they are a stream realization's, the type of each {@code ?}
 * parameter, and where each result column comes from.
 *
 * @param columns the result's columns (without a stream realization's {@code undo}, {@code ptime},
 *     {@code ver}); empty for a statement without a result set
 * @param stream whether the result is a stream realization ({@code EMIT STREAM}, {@code SELECT
 *     STREAM})
 * @param parameters the type of each {@code ?}, in the order of the markers
 * @param origins for each result column, the table column it reads unchanged, if it does
 */
public record StatementDescription(
        List<ColumnDef> columns,
        boolean stream,
        List<ColumnDef> parameters,
        List<Optional<ColumnOrigin>> origins) {
    public StatementDescription {
        columns = List.copyOf(columns);
        parameters = List.copyOf(parameters);
        origins = List.copyOf(origins);
    }

    /** The table a result column reads, as JDBC's ResultSetMetaData names it. */
    public record ColumnOrigin(String catalog, String schema, String table, String column) {}

    /**
     * Describes {@code statement}: a query (with or without EMIT), INSERT or UPSERT, UPDATE or
     * DELETE. It is validated in place: pass a statement parsed for this alone.
     */
    public static StatementDescription of(SqlNode statement, Catalog catalog) {
        List<SqlDynamicParam> markers = Parameters.markers(statement);
        SqlNode node = statement;
        boolean stream = false;
        if (node instanceof SqlEmitQuery emit) {
            stream = emit.emit().isStream();
            node = emit.query();
        }
        if (node instanceof SqlSelect select && removeStreamKeyword(select)) {
            stream = true;
        }
        boolean query = node.getKind().belongsTo(SqlKind.QUERY);
        if (!query
                && !(node instanceof SqlInsert)
                && !(node instanceof SqlUpdate)
                && !(node instanceof SqlDelete)) {
            if (!markers.isEmpty()) {
                throw new WeirException(
                        ErrorCode.NOT_SUPPORTED,
                        Optional.of(Positions.of(markers.get(0).getParserPosition())),
                        "Parameters ('?') are taken by queries, INSERT, UPSERT, UPDATE and DELETE;"
                                + " not by this statement.");
            }
            return new StatementDescription(List.of(), false, List.of(), List.of());
        }
        SqlToPlan.Validated validated = new SqlToPlan(catalog).validate(node);
        List<ColumnDef> parameters = new ArrayList<>();
        for (SqlDynamicParam marker : markers) {
            RelDataType type = validated.validator().getValidatedNodeTypeIfKnown(marker);
            if (type == null) {
                throw new WeirException(
                        ErrorCode.VALIDATION_ERROR,
                        Optional.of(Positions.of(marker.getParserPosition())),
                        "The type of this parameter cannot be inferred here: write"
                                + " CAST(? AS type).");
            }
            parameters.add(
                    CatalogSchema.columnOf(
                            "?" + (marker.getIndex() + 1),
                            type.isNullable()
                                    ? type
                                    : validated
                                            .validator()
                                            .getTypeFactory()
                                            .createTypeWithNullability(type, true)));
        }
        if (!query) {
            return new StatementDescription(List.of(), false, parameters, List.of());
        }
        RelDataType rowType = validated.validator().getValidatedNodeType(validated.node());
        List<ColumnDef> columns = new ArrayList<>();
        for (RelDataTypeField field : rowType.getFieldList()) {
            columns.add(CatalogSchema.columnOf(field.getName(), field.getType()));
        }
        return new StatementDescription(
                columns, stream, parameters, origins(validated, columns.size()));
    }

    /**
     * Where each result column comes from: Calcite's field origins, a table's qualified name and
     * the column's, when the column is the table's value unchanged.
     */
    private static List<Optional<ColumnOrigin>> origins(SqlToPlan.Validated validated, int n) {
        List<List<String>> paths;
        try {
            paths = validated.validator().getFieldOrigins(validated.node());
        } catch (RuntimeException e) {
            paths = null; // a shape Calcite cannot trace: no origins, the result is unaffected
        }
        List<Optional<ColumnOrigin>> origins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> path = paths == null || i >= paths.size() ? null : paths.get(i);
            origins.add(path == null || path.size() < 3 ? Optional.empty() : origin(path));
        }
        return origins;
    }

    /** {@code [weir, t, c]}, {@code [weir, weir, t, c]}, {@code [sys, t, c]}, ... */
    private static Optional<ColumnOrigin> origin(List<String> path) {
        String column = path.get(path.size() - 1);
        String table = path.get(path.size() - 2);
        String schema = path.get(path.size() - 3);
        String catalog = CatalogLevelSchema.CATALOG;
        if (!schema.equalsIgnoreCase(SystemTable.SCHEMA)) {
            schema = CatalogLevelSchema.CATALOG;
        }
        return Optional.of(new ColumnOrigin(catalog, schema, table, column));
    }

    /** Removes {@code STREAM} from {@code SELECT STREAM}, as the planner does; whether it was. */
    private static boolean removeStreamKeyword(SqlSelect select) {
        if (select.getModifierNode(SqlSelectKeyword.STREAM) == null) {
            return false;
        }
        List<SqlNode> keywords = new ArrayList<>();
        for (SqlNode k : (SqlNodeList) select.getOperandList().get(0)) {
            if (!(k instanceof SqlLiteral l && l.getValue() == SqlSelectKeyword.STREAM)) {
                keywords.add(k);
            }
        }
        select.setOperand(0, new SqlNodeList(keywords, select.getParserPosition()));
        return true;
    }
}
