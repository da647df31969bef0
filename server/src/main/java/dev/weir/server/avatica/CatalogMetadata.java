package dev.weir.server.avatica;

import dev.weir.common.type.ValueType;
import dev.weir.engine.Engine;
import dev.weir.engine.ResultColumn;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.SystemTable;
import dev.weir.planner.catalog.TableDef;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;

/**
 * DatabaseMetaData over the catalog, as DBeaver, DataGrip and Tableau ask for it: one catalog
 * {@code weir}, the user schema {@code weir} and the (empty for now) {@code system} schema, and
 * table types STREAM, TABLE, VIEW and MATERIALIZED VIEW.
 */
final class CatalogMetadata {
    static final String CATALOG = "weir";
    static final String SCHEMA = "weir";
    static final String SYSTEM_SCHEMA = SystemTable.SCHEMA;
    private static final List<String> TABLE_TYPES =
            List.of("MATERIALIZED VIEW", "STREAM", "SYSTEM TABLE", "TABLE", "VIEW");

    private final Engine engine;

    /**
     * A statement id for each metadata result: a client keeps a result set per statement id, and a
     * tool reading two metadata results at once (the columns of each table while it reads the
     * tables) must not have the first closed by the second.
     */
    private final java.util.function.IntSupplier statementIds;

    CatalogMetadata(Engine engine, java.util.function.IntSupplier statementIds) {
        this.engine = engine;
        this.statementIds = statementIds;
    }

    Map<Meta.DatabaseProperty, Object> databaseProperties() {
        Map<Meta.DatabaseProperty, Object> p = new EnumMap<>(Meta.DatabaseProperty.class);
        p.put(Meta.DatabaseProperty.GET_DATABASE_PRODUCT_NAME, "Weir");
        p.put(Meta.DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, "0.1.0");
        p.put(Meta.DatabaseProperty.GET_DRIVER_NAME, "Weir JDBC driver");
        p.put(Meta.DatabaseProperty.GET_DRIVER_VERSION, "0.1.0");
        p.put(Meta.DatabaseProperty.GET_DRIVER_MAJOR_VERSION, 0);
        p.put(Meta.DatabaseProperty.GET_DRIVER_MINOR_VERSION, 1);
        p.put(
                Meta.DatabaseProperty.GET_S_Q_L_KEYWORDS,
                "EMIT,WATERMARK,DELAY,CHANGES,STREAM,STREAMS,QUERIES,QUERY,CANCEL,MATERIALIZED,"
                        + "TUMBLE,HOP,SESSION,CUMULATE,DESCRIPTOR");
        p.put(
                Meta.DatabaseProperty.GET_NUMERIC_FUNCTIONS,
                "ABS,CEIL,FLOOR,MOD,POWER,ROUND,SQRT,LN,LOG10,EXP");
        p.put(
                Meta.DatabaseProperty.GET_STRING_FUNCTIONS,
                "CHAR_LENGTH,CONCAT,LOWER,UPPER,POSITION,SUBSTRING,TRIM");
        p.put(Meta.DatabaseProperty.GET_SYSTEM_FUNCTIONS, "");
        p.put(
                Meta.DatabaseProperty.GET_TIME_DATE_FUNCTIONS,
                "CURRENT_DATE,CURRENT_TIMESTAMP,EXTRACT,FLOOR,CEIL");
        p.put(
                Meta.DatabaseProperty.GET_DEFAULT_TRANSACTION_ISOLATION,
                java.sql.Connection.TRANSACTION_NONE);
        return p;
    }

    Meta.MetaResultSet catalogs(Meta.ConnectionHandle ch) {
        return result(ch, List.of(varchar("TABLE_CAT")), List.<Object[]>of(new Object[] {CATALOG}));
    }

    Meta.MetaResultSet schemas(Meta.ConnectionHandle ch, Meta.Pat schemaPattern) {
        List<Object[]> rows = new ArrayList<>();
        for (String schema : List.of(SCHEMA, SYSTEM_SCHEMA)) {
            if (matches(schemaPattern, schema)) {
                rows.add(new Object[] {schema, CATALOG});
            }
        }
        return result(ch, List.of(varchar("TABLE_SCHEM"), varchar("TABLE_CATALOG")), rows);
    }

    Meta.MetaResultSet tableTypes(Meta.ConnectionHandle ch) {
        List<Object[]> rows = new ArrayList<>();
        TABLE_TYPES.forEach(t -> rows.add(new Object[] {t}));
        return result(ch, List.of(varchar("TABLE_TYPE")), rows);
    }

    Meta.MetaResultSet tables(
            Meta.ConnectionHandle ch, Meta.Pat schema, Meta.Pat table, List<String> types) {
        List<Object[]> rows = new ArrayList<>();
        if (matches(schema, SCHEMA)) {
            for (CatalogObject object : engine.catalog().all()) {
                String type = TableTypes.reported(object.kindName(), types);
                if (!matches(table, object.name()) || type == null) {
                    continue;
                }
                rows.add(
                        new Object[] {
                            CATALOG,
                            SCHEMA,
                            object.name(),
                            type,
                            remarks(object),
                            null,
                            null,
                            null,
                            null,
                            null
                        });
            }
        }
        if (matches(schema, SYSTEM_SCHEMA) && (types == null || types.contains("SYSTEM TABLE"))) {
            for (SystemTable system : engine.catalog().systemTables()) {
                if (matches(table, system.name())) {
                    rows.add(
                            new Object[] {
                                CATALOG,
                                SYSTEM_SCHEMA,
                                system.name(),
                                "SYSTEM TABLE",
                                "the server's own state, as SHOW "
                                        + system.name().replace('_', ' ').toUpperCase(Locale.ROOT)
                                        + " lists it",
                                null,
                                null,
                                null,
                                null,
                                null
                            });
                }
            }
        }
        return result(
                ch,
                List.of(
                        varchar("TABLE_CAT"),
                        varchar("TABLE_SCHEM"),
                        varchar("TABLE_NAME"),
                        varchar("TABLE_TYPE"),
                        varchar("REMARKS"),
                        varchar("TYPE_CAT"),
                        varchar("TYPE_SCHEM"),
                        varchar("TYPE_NAME"),
                        varchar("SELF_REFERENCING_COL_NAME"),
                        varchar("REF_GENERATION")),
                rows);
    }

    private static String remarks(CatalogObject object) {
        if (object instanceof dev.weir.planner.catalog.StreamDef s) {
            return (s.isInternal()
                            ? "internal stream"
                            : "stream read through '" + s.options().get("connector") + "'")
                    + s.watermark().map(w -> "; event time " + w).orElse("");
        }
        if (object instanceof MaterializedViewDef) {
            return "materialized view";
        }
        return object.kindName().toLowerCase(Locale.ROOT);
    }

    /** A relation whose columns getColumns lists: a catalog object or a system table. */
    private record Relation(String schema, String name, List<ColumnDef> columns) {}

    Meta.MetaResultSet columns(
            Meta.ConnectionHandle ch, Meta.Pat schema, Meta.Pat table, Meta.Pat column) {
        List<Object[]> rows = new ArrayList<>();
        List<Relation> relations = new ArrayList<>();
        if (matches(schema, SCHEMA)) {
            for (CatalogObject object : engine.catalog().all()) {
                relations.add(new Relation(SCHEMA, object.name(), object.queryColumns()));
            }
        }
        if (matches(schema, SYSTEM_SCHEMA)) {
            for (SystemTable system : engine.catalog().systemTables()) {
                relations.add(new Relation(SYSTEM_SCHEMA, system.name(), system.columns()));
            }
        }
        for (Relation relation : relations) {
            if (!matches(table, relation.name())) {
                continue;
            }
            int position = 1;
            for (ColumnDef c : relation.columns()) {
                if (matches(column, c.name())) {
                    ResultColumn rc = ResultColumn.of(c);
                    int size = JdbcTypes.columnSize(rc);
                    rows.add(
                            new Object[] {
                                CATALOG,
                                relation.schema(),
                                relation.name(),
                                c.name(),
                                JdbcTypes.sqlType(rc.type()),
                                JdbcTypes.bareTypeName(rc.type()),
                                size,
                                null,
                                decimalDigits(rc),
                                rc.type().isNumeric() ? 10 : null,
                                c.nullable()
                                        ? DatabaseMetaData.columnNullable
                                        : DatabaseMetaData.columnNoNulls,
                                null,
                                null,
                                null,
                                null,
                                rc.type() == ValueType.VARCHAR ? size : null,
                                position,
                                c.nullable() ? "YES" : "NO",
                                null,
                                null,
                                null,
                                null,
                                "NO",
                                "NO"
                            });
                }
                position++;
            }
        }
        return result(
                ch,
                List.of(
                        varchar("TABLE_CAT"),
                        varchar("TABLE_SCHEM"),
                        varchar("TABLE_NAME"),
                        varchar("COLUMN_NAME"),
                        integer("DATA_TYPE"),
                        varchar("TYPE_NAME"),
                        integer("COLUMN_SIZE"),
                        integer("BUFFER_LENGTH"),
                        integer("DECIMAL_DIGITS"),
                        integer("NUM_PREC_RADIX"),
                        integer("NULLABLE"),
                        varchar("REMARKS"),
                        varchar("COLUMN_DEF"),
                        integer("SQL_DATA_TYPE"),
                        integer("SQL_DATETIME_SUB"),
                        integer("CHAR_OCTET_LENGTH"),
                        integer("ORDINAL_POSITION"),
                        varchar("IS_NULLABLE"),
                        varchar("SCOPE_CATALOG"),
                        varchar("SCOPE_SCHEMA"),
                        varchar("SCOPE_TABLE"),
                        smallint("SOURCE_DATA_TYPE"),
                        varchar("IS_AUTOINCREMENT"),
                        varchar("IS_GENERATEDCOLUMN")),
                rows);
    }

    /** DECIMAL_DIGITS: null where it does not apply, as JDBC says. */
    private static Integer decimalDigits(ResultColumn column) {
        return switch (column.type()) {
            case DECIMAL, TIME, TIMESTAMP -> JdbcTypes.decimalDigits(column);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> 0;
            default -> null;
        };
    }

    Meta.MetaResultSet primaryKeys(Meta.ConnectionHandle ch, String schema, String table) {
        List<Object[]> rows = new ArrayList<>();
        for (CatalogObject object : engine.catalog().all()) {
            List<String> key;
            if (object instanceof TableDef t) {
                key = t.primaryKey();
            } else if (object instanceof MaterializedViewDef v) {
                key = v.key(); // a view's group keys identify its rows
            } else {
                continue;
            }
            if ((table == null || object.name().equalsIgnoreCase(table))
                    && (schema == null || schema.equals(SCHEMA))) {
                short seq = 1;
                for (String column : key) {
                    rows.add(
                            new Object[] {
                                CATALOG, SCHEMA, object.name(), column, seq++, "pk_" + object.name()
                            });
                }
            }
        }
        return result(
                ch,
                List.of(
                        varchar("TABLE_CAT"),
                        varchar("TABLE_SCHEM"),
                        varchar("TABLE_NAME"),
                        varchar("COLUMN_NAME"),
                        smallint("KEY_SEQ"),
                        varchar("PK_NAME")),
                rows);
    }

    Meta.MetaResultSet typeInfo(Meta.ConnectionHandle ch) {
        List<Object[]> rows = new ArrayList<>();
        for (ValueType type : ValueType.values()) {
            if (type.name().startsWith("INTERVAL")) {
                continue;
            }
            boolean text = type == ValueType.VARCHAR;
            boolean dateTime =
                    type == ValueType.DATE || type == ValueType.TIME || type == ValueType.TIMESTAMP;
            rows.add(
                    new Object[] {
                        JdbcTypes.bareTypeName(type),
                        JdbcTypes.sqlType(type),
                        // The largest size of the type: times to the millisecond.
                        JdbcTypes.columnSize(
                                new ResultColumn(
                                        "",
                                        type.name(),
                                        type,
                                        true,
                                        type == ValueType.TIME || type == ValueType.TIMESTAMP
                                                ? 3
                                                : -1,
                                        -1)),
                        text ? "'" : dateTime ? type.name() + " '" : null,
                        text || dateTime ? "'" : null,
                        createParams(type),
                        (short) DatabaseMetaData.typeNullable,
                        text,
                        (short) DatabaseMetaData.typeSearchable,
                        !type.isNumeric(),
                        false,
                        false,
                        JdbcTypes.bareTypeName(type),
                        (short) 0,
                        (short)
                                (type == ValueType.DECIMAL
                                        ? 19
                                        : type == ValueType.TIMESTAMP || type == ValueType.TIME
                                                ? 3
                                                : 0),
                        null,
                        null,
                        type.isNumeric() ? 10 : null
                    });
        }
        return result(
                ch,
                List.of(
                        varchar("TYPE_NAME"),
                        integer("DATA_TYPE"),
                        integer("PRECISION"),
                        varchar("LITERAL_PREFIX"),
                        varchar("LITERAL_SUFFIX"),
                        varchar("CREATE_PARAMS"),
                        smallint("NULLABLE"),
                        bool("CASE_SENSITIVE"),
                        smallint("SEARCHABLE"),
                        bool("UNSIGNED_ATTRIBUTE"),
                        bool("FIXED_PREC_SCALE"),
                        bool("AUTO_INCREMENT"),
                        varchar("LOCAL_TYPE_NAME"),
                        smallint("MINIMUM_SCALE"),
                        smallint("MAXIMUM_SCALE"),
                        integer("SQL_DATA_TYPE"),
                        integer("SQL_DATETIME_SUB"),
                        integer("NUM_PREC_RADIX")),
                rows);
    }

    /** What a type takes in parentheses when a column is declared, as getTypeInfo says it. */
    private static String createParams(ValueType type) {
        return switch (type) {
            case DECIMAL -> "precision,scale";
            case VARCHAR -> "length";
            case TIME, TIMESTAMP -> "precision";
            default -> null;
        };
    }

    /**
     * getFunctions: the functions SHOW FUNCTIONS lists, as scalar or aggregate functions (JDBC's
     * functionNoTable), the windowing table functions as functionReturnsTable.
     */
    Meta.MetaResultSet functions(
            Meta.ConnectionHandle ch, Meta.Pat schemaPattern, Meta.Pat functionPattern) {
        List<Object[]> rows = new ArrayList<>();
        boolean inSchema = matches(schemaPattern, SYSTEM_SCHEMA);
        dev.weir.engine.StatementResult show = engine.execute("SHOW FUNCTIONS");
        for (Object[] row : ((dev.weir.engine.StatementResult.Rows) show).rows()) {
            String name = (String) row[0];
            if (inSchema && matches(functionPattern, name)) {
                boolean table = WINDOW_FUNCTIONS.contains(name);
                rows.add(
                        new Object[] {
                            CATALOG,
                            SYSTEM_SCHEMA,
                            name,
                            table ? "windowing table function" : "built-in function",
                            (short)
                                    (table
                                            ? DatabaseMetaData.functionReturnsTable
                                            : DatabaseMetaData.functionNoTable),
                            name
                        });
            }
        }
        return result(
                ch,
                List.of(
                        varchar("FUNCTION_CAT"),
                        varchar("FUNCTION_SCHEM"),
                        varchar("FUNCTION_NAME"),
                        varchar("REMARKS"),
                        smallint("FUNCTION_TYPE"),
                        varchar("SPECIFIC_NAME")),
                rows);
    }

    private static final java.util.Set<String> WINDOW_FUNCTIONS =
            java.util.Set.of("TUMBLE", "HOP", "SESSION", "CUMULATE");

    private static boolean matches(Meta.Pat pattern, String name) {
        if (pattern == null || pattern.s == null) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.s.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(name).matches();
    }

    private static ColumnMetaData varchar(String name) {
        return MetaImpl.columnMetaData(name, 0, String.class, true);
    }

    private static ColumnMetaData integer(String name) {
        return MetaImpl.columnMetaData(name, 0, Integer.class, true);
    }

    private static ColumnMetaData smallint(String name) {
        return MetaImpl.columnMetaData(name, 0, Short.class, true);
    }

    private static ColumnMetaData bool(String name) {
        return MetaImpl.columnMetaData(name, 0, Boolean.class, true);
    }

    private Meta.MetaResultSet result(
            Meta.ConnectionHandle ch, List<ColumnMetaData> columns, List<Object[]> rows) {
        List<ColumnMetaData> ordered = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetaData c = columns.get(i);
            ordered.add(MetaImpl.columnMetaData(c.columnName, i, c.type, true));
        }
        Meta.Signature signature =
                Meta.Signature.create(
                        ordered,
                        "",
                        List.of(),
                        Meta.CursorFactory.ARRAY,
                        Meta.StatementType.SELECT);
        List<Object> frameRows = new ArrayList<>(rows);
        return Meta.MetaResultSet.create(
                ch.id,
                statementIds.getAsInt(),
                true,
                signature,
                new Meta.Frame(0, true, frameRows));
    }
}
