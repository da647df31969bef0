package dev.weir.planner.ddl;

import dev.weir.common.error.Errors;
import dev.weir.common.error.Position;
import dev.weir.parser.Positions;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlColumn;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlTableOption;
import dev.weir.parser.ddl.SqlWatermark;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.catalog.ViewDef;
import dev.weir.planner.physical.ValueTypes;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.PreValidationChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;

/** Turns CREATE statements into catalog definitions, checking what the parser cannot. */
public final class DdlTranslator {
    private final SqlValidator validator;

    public DdlTranslator(SqlValidator validator) {
        this.validator = validator;
    }

    public StreamDef stream(SqlCreateStream create) {
        List<ColumnDef> columns = columns(create.columns());
        String watermarkColumn = null;
        long delay = 0;
        if (create.watermark().isPresent()) {
            SqlWatermark watermark = create.watermark().get();
            watermarkColumn = column(columns, watermark.timeColumn());
            String timeName = watermarkColumn;
            ColumnDef time =
                    columns.stream()
                            .filter(c -> c.name().equals(timeName))
                            .findFirst()
                            .orElseThrow();
            if (!time.typeName().equals(SqlTypeName.TIMESTAMP.name())) {
                throw Errors.invalidWatermark(
                        Optional.of(Positions.of(watermark.timeColumn().getParserPosition())),
                        "The WATERMARK column '"
                                + time.name()
                                + "' must be a TIMESTAMP, not "
                                + time.typeName()
                                + ".");
            }
            delay = watermarkDelay(watermark, time.name());
        }
        String procTime = null;
        if (create.procTime().isPresent()) {
            SqlIdentifier procName = create.procTime().get().name();
            procTime = procName.getSimple();
            for (ColumnDef c : columns) {
                if (c.name().equalsIgnoreCase(procTime)) {
                    throw new dev.weir.common.error.WeirException(
                            dev.weir.common.error.ErrorCode.DUPLICATE_NAME,
                            Optional.of(Positions.of(procName.getParserPosition())),
                            "Column '" + procTime + "' is declared twice.");
                }
            }
        }
        return new StreamDef(
                simpleName(create.name()),
                columns,
                watermarkColumn,
                delay,
                options(create.options()),
                procTime,
                procTime == null ? 0 : create.procTimePosition());
    }

    public TableDef table(SqlCreateTable create) {
        List<ColumnDef> columns = columns(create.columns());
        List<String> key = new ArrayList<>();
        for (String k : create.primaryKey()) {
            String name = null;
            for (ColumnDef c : columns) {
                if (c.name().equalsIgnoreCase(k)) {
                    name = c.name();
                }
            }
            if (name == null) {
                throw new dev.weir.common.error.WeirException(
                        dev.weir.common.error.ErrorCode.COLUMN_NOT_FOUND,
                        Optional.of(Positions.of(create.getParserPosition())),
                        "PRIMARY KEY column '" + k + "' is not a column of the table.");
            }
            key.add(name);
        }
        List<ColumnDef> keyed = new ArrayList<>();
        for (ColumnDef c : columns) {
            keyed.add(
                    key.contains(c.name())
                            ? new ColumnDef(c.name(), c.typeName(), c.precision(), c.scale(), false)
                            : c);
        }
        return new TableDef(simpleName(create.name()), keyed, key, options(create.options()));
    }

    /** A view's definition, its columns taken from its validated query's row type. */
    public ViewDef view(SqlCreateView create, RelDataType rowType) {
        List<ColumnDef> columns = new ArrayList<>();
        List<String> names =
                create.columnNames()
                        .map(
                                l ->
                                        l.getList().stream()
                                                .map(n -> ((SqlIdentifier) n).getSimple())
                                                .toList())
                        .orElse(null);
        if (names != null && names.size() != rowType.getFieldCount()) {
            throw Errors.invalidArgument(
                    "The view names "
                            + names.size()
                            + " columns, but its query has "
                            + rowType.getFieldCount()
                            + ".");
        }
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            RelDataTypeField field = rowType.getFieldList().get(i);
            columns.add(
                    CatalogSchema.columnOf(
                            names == null ? field.getName() : names.get(i), field.getType()));
        }
        return new ViewDef(simpleName(create.name()), WeirParser.unparse(create.query()), columns);
    }

    public static String simpleName(SqlIdentifier name) {
        if (!name.isSimple()) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(name.getParserPosition())),
                    "Qualified names such as '"
                            + name
                            + "' are not supported yet; Weir has one schema.");
        }
        return name.getSimple();
    }

    private List<ColumnDef> columns(List<SqlColumn> declared) {
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SqlColumn column : declared) {
            String name = column.name().getSimple();
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new dev.weir.common.error.WeirException(
                        dev.weir.common.error.ErrorCode.DUPLICATE_NAME,
                        Optional.of(Positions.of(column.name().getParserPosition())),
                        "Column '" + name + "' is declared twice.");
            }
            SqlTypeNameSpec spec = column.type().getTypeNameSpec();
            // Calcite's type factory would cap a DECIMAL's precision without a word.
            PreValidationChecks.check(column.type());
            RelDataType type;
            try {
                type = column.type().deriveType(validator, column.nullable());
            } catch (RuntimeException e) {
                throw Errors.notSupported(
                        Optional.of(Positions.of(column.type().getParserPosition())),
                        "Type '" + spec.getTypeName() + "' is not supported.");
            }
            if (!ValueTypes.isSupported(type)) {
                // Refused here, not when a query first reads the column: nothing could read it.
                throw Errors.notSupported(
                        Optional.of(Positions.of(column.type().getParserPosition())),
                        "Type "
                                + type.getFullTypeString().replace(" NOT NULL", "")
                                + " is not supported in streams and tables yet.");
            }
            if (type.getSqlTypeName() == SqlTypeName.TIMESTAMP && type.getPrecision() > 3) {
                throw Errors.notSupported(
                        Optional.of(Positions.of(column.type().getParserPosition())),
                        "TIMESTAMP precision above 3 (milliseconds) is not supported.");
            }
            columns.add(CatalogSchema.columnOf(name, type));
        }
        return columns;
    }

    private static String column(List<ColumnDef> columns, SqlIdentifier name) {
        for (ColumnDef c : columns) {
            if (c.name().equalsIgnoreCase(name.getSimple())) {
                return c.name();
            }
        }
        throw new dev.weir.common.error.WeirException(
                dev.weir.common.error.ErrorCode.COLUMN_NOT_FOUND,
                Optional.of(Positions.of(name.getParserPosition())),
                "WATERMARK column '" + name.getSimple() + "' is not a column of the stream.");
    }

    /** {@code col} (delay 0) or {@code col - INTERVAL '...' unit}. */
    private static long watermarkDelay(SqlWatermark watermark, String column) {
        SqlNode e = watermark.expression();
        Position position = Positions.of(e.getParserPosition());
        if (e instanceof SqlIdentifier id
                && id.isSimple()
                && id.getSimple().equalsIgnoreCase(column)) {
            return 0;
        }
        if (e.getKind() == SqlKind.MINUS
                && e instanceof SqlBasicCall call
                && call.operand(0) instanceof SqlIdentifier id
                && id.isSimple()
                && id.getSimple().equalsIgnoreCase(column)
                && call.operand(1) instanceof SqlIntervalLiteral interval
                && interval.getTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME) {
            Long millis = interval.getValueAs(Long.class);
            if (millis != null && millis >= 0) {
                return millis;
            }
        }
        throw Errors.invalidWatermark(
                Optional.of(position),
                "A WATERMARK is written 'WATERMARK FOR "
                        + column
                        + " AS "
                        + column
                        + "' or 'WATERMARK FOR "
                        + column
                        + " AS "
                        + column
                        + " - INTERVAL ...' with a non-negative day-time interval.");
    }

    private static Map<String, String> options(List<SqlTableOption> declared) {
        Map<String, String> options = new LinkedHashMap<>();
        for (SqlTableOption option : declared) {
            options.put(option.key(), option.value());
        }
        return options;
    }
}
