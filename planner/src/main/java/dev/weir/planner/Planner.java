package dev.weir.planner;

import dev.weir.common.error.ErrorCode;
import dev.weir.common.error.Errors;
import dev.weir.common.error.WeirException;
import dev.weir.common.row.Row;
import dev.weir.common.type.ValueType;
import dev.weir.parser.Positions;
import dev.weir.parser.WeirParser;
import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlEmit;
import dev.weir.parser.ddl.SqlEmitQuery;
import dev.weir.plan.ChangelogMode;
import dev.weir.plan.JobGraph;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.CatalogObject;
import dev.weir.planner.catalog.ColumnDef;
import dev.weir.planner.catalog.MaterializedViewDef;
import dev.weir.planner.catalog.StreamDef;
import dev.weir.planner.catalog.TableDef;
import dev.weir.planner.catalog.ViewDef;
import dev.weir.planner.ddl.DdlTranslator;
import dev.weir.planner.physical.CheckedArithmetic;
import dev.weir.planner.physical.EmitSpec;
import dev.weir.planner.physical.StreamPlanner;
import dev.weir.planner.physical.ValueTypes;
import dev.weir.planner.validate.CatalogSchema;
import dev.weir.planner.validate.RefusalPlacement;
import dev.weir.planner.validate.SqlToPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.DataContexts;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutable;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The planner's entry point: validates statements against the catalog and plans them. One per
 * statement; it holds Calcite's per-statement state.
 */
public final class Planner {
    private final Catalog catalog;
    private final SqlToPlan sqlToPlan;
    private final RefusalPlacement refusalPlacement;

    public Planner(Catalog catalog) {
        this(catalog, false);
    }

    private Planner(Catalog catalog, boolean expandMaterializedViews) {
        this.catalog = catalog;
        this.sqlToPlan = new SqlToPlan(catalog, expandMaterializedViews);
        this.refusalPlacement = new RefusalPlacement(catalog);
    }

    /**
     * What a DELETE or UPDATE of a table changes, as a query over the table's current rows: each
     * result row is a row to change, its table columns first; an UPDATE's new values follow them.
     *
     * @param updatedColumns for an UPDATE, the table column each trailing value replaces, in order;
     *     empty for a DELETE
     */
    public record TableChange(TableDef table, PlannedQuery rows, List<Integer> updatedColumns) {}

    /** {@code DELETE FROM t [AS a] [WHERE c]}: the rows of {@code SELECT * FROM t WHERE c}. */
    public TableChange delete(SqlDelete delete) {
        TableDef table = targetTable(delete.getTargetTable());
        SqlNode star = SqlIdentifier.star(delete.getParserPosition());
        SqlSelect select =
                select(
                        delete.getParserPosition(),
                        SqlNodeList.of(star),
                        from(delete.getTargetTable(), delete.getAlias()),
                        delete.getCondition());
        return new TableChange(table, planQuery(select), List.of());
    }

    /**
     * {@code UPDATE t SET c = e, ... [WHERE w]}: the rows of {@code SELECT *, CAST(e AS type of c),
     * ... FROM t WHERE w}, each new value cast to its column's type as an INSERT would be.
     */
    public TableChange update(SqlUpdate update) {
        TableDef table = targetTable(update.getTargetTable());
        List<SqlNode> items = new ArrayList<>();
        items.add(SqlIdentifier.star(update.getParserPosition()));
        List<Integer> updated = new ArrayList<>();
        for (int i = 0; i < update.getTargetColumnList().size(); i++) {
            SqlIdentifier column = (SqlIdentifier) update.getTargetColumnList().get(i);
            int index = columnIndex(table, column);
            if (updated.contains(index)) {
                throw new WeirException(
                        ErrorCode.DUPLICATE_NAME,
                        Optional.of(Positions.of(column.getParserPosition())),
                        "Column '" + column.getSimple() + "' is assigned more than once.");
            }
            updated.add(index);
            RelDataType type =
                    CatalogSchema.typeOf(table.columns().get(index), sqlToPlan.typeFactory());
            SqlNode value = update.getSourceExpressionList().get(i);
            items.add(
                    SqlStdOperatorTable.CAST.createCall(
                            value.getParserPosition(), value, SqlTypeUtil.convertTypeToSpec(type)));
        }
        SqlSelect select =
                select(
                        update.getParserPosition(),
                        new SqlNodeList(items, update.getParserPosition()),
                        from(update.getTargetTable(), update.getAlias()),
                        update.getCondition());
        return new TableChange(table, planQuery(select), updated);
    }

    private TableDef targetTable(SqlNode target) {
        String name = ((SqlIdentifier) target).names.get(((SqlIdentifier) target).names.size() - 1);
        Optional<CatalogObject> object = catalog.find(name);
        if (object.isEmpty()) {
            throw Errors.tableNotFound(Optional.of(Positions.of(target.getParserPosition())), name);
        }
        if (!(object.get() instanceof TableDef table)) {
            throw Errors.notSupported(
                    Optional.of(Positions.of(target.getParserPosition())),
                    "Only a table's rows can be deleted or updated; '"
                            + object.get().name()
                            + "' is a "
                            + object.get().kindName().toLowerCase(java.util.Locale.ROOT)
                            + (object.get() instanceof StreamDef
                                    ? ", whose events are append-only."
                                    : "."));
        }
        return table;
    }

    private static int columnIndex(TableDef table, SqlIdentifier column) {
        String name = column.names.get(column.names.size() - 1);
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new WeirException(
                ErrorCode.COLUMN_NOT_FOUND,
                Optional.of(Positions.of(column.getParserPosition())),
                "Column '" + name + "' not found in table '" + table.name() + "'.");
    }

    private static SqlNode from(SqlNode table, SqlIdentifier alias) {
        return alias == null
                ? table
                : SqlStdOperatorTable.AS.createCall(alias.getParserPosition(), table, alias);
    }

    private static SqlSelect select(
            SqlParserPos position, SqlNodeList items, SqlNode from, SqlNode where) {
        return new SqlSelect(
                position, null, items, from, where, null, null, null, null, null, null, null, null);
    }

    /** Plans a query, with or without an EMIT clause. */
    public PlannedQuery planQuery(SqlNode node) {
        EmitSpec emit = EmitSpec.TABLE;
        SqlNode query = node;
        if (node instanceof SqlEmitQuery emitQuery) {
            SqlEmit e = emitQuery.emit();
            emit =
                    new EmitSpec(
                            e.isStream(),
                            e.isAfterWatermark(),
                            e.delayMillis().orElse(0L),
                            e.allowedLatenessMillis().orElse(0L),
                            e.snapshot().orElse(true),
                            Optional.of(Positions.of(e.getParserPosition())));
            query = emitQuery.query();
        }
        Optional<SqlParserPos> streamKeyword = removeStreamKeyword(query);
        if (streamKeyword.isPresent()) {
            emit =
                    new EmitSpec(
                            true,
                            emit.afterWatermark(),
                            emit.delayMillis(),
                            emit.allowedLatenessMillis(),
                            emit.snapshot(),
                            // Errors about streaming the result point at STREAM, without EMIT.
                            emit.position().or(() -> streamKeyword.map(Positions::of)));
        }
        RelRoot root = sqlToPlan.toStreamingRel(query);
        JobGraph graph = plan(root, emit, query);
        List<ColumnDef> columns = new ArrayList<>();
        for (RelDataTypeField field : root.validatedRowType.getFieldList()) {
            columns.add(CatalogSchema.columnOf(field.getName(), field.getType()));
        }
        return new PlannedQuery(graph, emit, columns);
    }

    /**
     * {@code SELECT STREAM} means EMIT STREAM; the keyword is removed before validation.
     *
     * @return the keyword's position, if the query has it
     */
    private static Optional<SqlParserPos> removeStreamKeyword(SqlNode query) {
        if (query instanceof SqlSelect select) {
            SqlNode stream = select.getModifierNode(SqlSelectKeyword.STREAM);
            if (stream != null) {
                List<SqlNode> keywords = new ArrayList<>();
                for (SqlNode k : (SqlNodeList) select.getOperandList().get(0)) {
                    if (!(k instanceof SqlLiteral l && l.getValue() == SqlSelectKeyword.STREAM)) {
                        keywords.add(k);
                    }
                }
                select.setOperand(0, new SqlNodeList(keywords, select.getParserPosition()));
                return Optional.of(stream.getParserPosition());
            }
        }
        return Optional.empty();
    }

    /**
     * A materialized view's definition and the continuous job that maintains it. Other materialized
     * views it reads are planned from their queries (not their stored rows), so the job reads only
     * durable sources and can be checkpointed and replayed alone.
     */
    public static MaterializedViewPlan materializedView(
            SqlCreateMaterializedView create, Catalog catalog) {
        String name = DdlTranslator.simpleName(create.name());
        SqlNode query = create.query();
        String queryText = WeirParser.unparse(query);
        SqlNode definition =
                create.emit().isPresent()
                        ? new SqlEmitQuery(create.getParserPosition(), query, create.emit().get())
                        : query;
        String sql = WeirParser.unparse(definition);
        PlannedQuery planned = new Planner(catalog, true).planQuery(definition);
        JobGraph graph = planned.graph();
        if (graph.limit() >= 0 || !graph.sortFields().isEmpty() || graph.offset() > 0) {
            throw Errors.unsupportedStreamingQuery(
                    Optional.of(Positions.of(query.getParserPosition())),
                    "A materialized view cannot have ORDER BY, LIMIT or OFFSET: its rows have no"
                            + " order. Sort when reading it: SELECT ... FROM "
                            + name
                            + " ORDER BY ...");
        }
        List<String> names =
                create.columnNames()
                        .map(
                                l ->
                                        l.getList().stream()
                                                .map(n -> ((SqlIdentifier) n).getSimple())
                                                .toList())
                        .orElse(null);
        if (names != null && names.size() != planned.columns().size()) {
            throw Errors.invalidArgument(
                    "The materialized view names "
                            + names.size()
                            + " columns, but its query has "
                            + planned.columns().size()
                            + ".");
        }
        List<ColumnDef> columns = new ArrayList<>();
        for (int i = 0; i < planned.columns().size(); i++) {
            ColumnDef c = planned.columns().get(i);
            columns.add(
                    names == null
                            ? c
                            : new ColumnDef(
                                    names.get(i),
                                    c.typeName(),
                                    c.precision(),
                                    c.scale(),
                                    c.nullable()));
        }
        List<String> key = new ArrayList<>();
        for (int k : graph.resultKey()) {
            key.add(columns.get(k).name());
        }
        boolean appendOnly = graph.changelogMode() == ChangelogMode.INSERT_ONLY;
        if (create.columnNames().isPresent()) {
            // Views over this one expand its query: give it the declared column names.
            queryText =
                    "SELECT * FROM ("
                            + queryText
                            + ") AS "
                            + quoted(name)
                            + " ("
                            + String.join(
                                    ", ", columns.stream().map(c -> quoted(c.name())).toList())
                            + ")";
        }
        return new MaterializedViewPlan(
                new MaterializedViewDef(name, sql, queryText, columns, key, appendOnly), planned);
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** A materialized view's definition and its planned job. */
    public record MaterializedViewPlan(MaterializedViewDef definition, PlannedQuery query) {}

    /**
     * Plans a materialized view's stored definition again (on restart): the same job as when it was
     * created.
     */
    public static PlannedQuery replanMaterializedView(MaterializedViewDef view, Catalog catalog) {
        return new Planner(catalog, true).planQuery(WeirParser.parseStatement(view.sql()));
    }

    /** The columns of a query, for CREATE VIEW. */
    public ViewDef view(SqlCreateView create) {
        RelRoot root = sqlToPlan.toRel(create.query());
        return new DdlTranslator(sqlToPlan.newValidator()).view(create, root.validatedRowType);
    }

    public StreamDef stream(SqlCreateStream create) {
        return new DdlTranslator(sqlToPlan.newValidator()).stream(create);
    }

    public TableDef table(SqlCreateTable create) {
        return new DdlTranslator(sqlToPlan.newValidator()).table(create);
    }

    /** The rows of {@code INSERT INTO target VALUES ...}, typed as the target's columns. */
    public InsertRows insertValues(SqlInsert insert) {
        Optional<StreamDef> procTimeStream = targetsStoredColumns(insert);
        RelRoot root = sqlToPlan.toRel(insert);
        if (!(root.rel instanceof TableModify modify)) {
            throw Errors.internal("an INSERT did not plan to a table modification", null);
        }
        String target =
                modify.getTable()
                        .getQualifiedName()
                        .get(modify.getTable().getQualifiedName().size() - 1);
        RelDataType targetType = modify.getTable().getRowType();
        List<List<RexNode>> tuples = tuplesOf(modify.getInput());
        List<RexNode> flat = new ArrayList<>();
        tuples.forEach(flat::addAll);
        List<RexNode> reduced = constants(flat);
        List<Row> rows = new ArrayList<>();
        int arity = targetType.getFieldCount();
        for (int t = 0; t < tuples.size(); t++) {
            Object[] values = new Object[arity];
            for (int f = 0; f < arity; f++) {
                RexNode value = reduced.get(t * arity + f);
                ValueType type = ValueTypes.of(targetType.getFieldList().get(f).getType());
                values[f] = internalValue(value, type, targetType.getFieldList().get(f));
            }
            Row row = Row.wrap(values);
            rows.add(
                    procTimeStream.isPresent()
                            ? row.project(storedFields(arity, procTimeStream.get()))
                            : row);
        }
        return new InsertRows(target, rows);
    }

    /**
     * An INSERT into a stream with a processing-time attribute names its stored columns: the
     * attribute is computed when the stream is read, never given. Without a column list, the stored
     * columns become the list; naming the attribute is refused.
     *
     * @return the stream, when it has a processing-time attribute
     */
    private Optional<StreamDef> targetsStoredColumns(SqlInsert insert) {
        if (!(insert.getTargetTable() instanceof SqlIdentifier target)) {
            return Optional.empty();
        }
        Optional<CatalogObject> object = catalog.find(target.names.get(target.names.size() - 1));
        if (object.isEmpty()
                || !(object.get() instanceof StreamDef stream)
                || stream.procTime().isEmpty()) {
            return Optional.empty();
        }
        if (insert.getTargetColumnList() == null) {
            List<SqlNode> names = new ArrayList<>();
            for (ColumnDef column : stream.columns()) {
                names.add(new SqlIdentifier(column.name(), target.getParserPosition()));
            }
            insert.setOperand(3, new SqlNodeList(names, target.getParserPosition()));
        } else {
            for (SqlNode column : insert.getTargetColumnList()) {
                SqlIdentifier name = (SqlIdentifier) column;
                if (name.names
                        .get(name.names.size() - 1)
                        .equalsIgnoreCase(stream.procTimeColumn())) {
                    throw new WeirException(
                            ErrorCode.VALIDATION_ERROR,
                            Optional.of(Positions.of(name.getParserPosition())),
                            "Column '"
                                    + stream.procTimeColumn()
                                    + "' is the processing-time attribute of '"
                                    + stream.name()
                                    + "' (AS PROCTIME()): it is computed when the stream is"
                                    + " read and cannot be inserted.");
                }
            }
        }
        return Optional.of(stream);
    }

    /** The positions of a stream's stored columns among its {@code arity} query columns. */
    private static int[] storedFields(int arity, StreamDef stream) {
        int[] stored = new int[arity - 1];
        for (int i = 0, j = 0; i < arity; i++) {
            if (i != stream.procTimePosition()) {
                stored[j++] = i;
            }
        }
        return stored;
    }

    /**
     * Expressions reduced by one generated method at most: a JVM method holds 64 KB of code, which
     * a few thousand values would outgrow (an INSERT of 10,000 rows did).
     */
    private static final int CONSTANTS_PER_METHOD = 256;

    /**
     * The values of {@code expressions}, which read no input, as literals; arithmetic checked as a
     * query's is, so an overflow or a value that is not a number is a data error, not a wrapped or
     * unreduced value. Literals are their own values; the rest are reduced a chunk at a time.
     */
    private List<RexNode> constants(List<RexNode> expressions) {
        List<RexNode> literals = new ArrayList<>(expressions);
        List<Integer> computed = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            if (!(expressions.get(i) instanceof RexLiteral)) {
                computed.add(i);
            }
        }
        for (int from = 0; from < computed.size(); from += CONSTANTS_PER_METHOD) {
            List<Integer> chunk =
                    computed.subList(from, Math.min(computed.size(), from + CONSTANTS_PER_METHOD));
            List<RexNode> reduced = reduce(chunk.stream().map(expressions::get).toList());
            for (int j = 0; j < chunk.size(); j++) {
                literals.set(chunk.get(j), reduced.get(j));
            }
        }
        return literals;
    }

    private List<RexNode> reduce(List<RexNode> expressions) {
        RexBuilder rexBuilder = sqlToPlan.cluster().getRexBuilder();
        List<RexNode> checked = CheckedArithmetic.ofConstants(expressions, rexBuilder);
        RexExecutable executable =
                new RexExecutorImpl(DataContexts.EMPTY)
                        .getExecutable(
                                rexBuilder, checked, rexBuilder.getTypeFactory().builder().build());
        executable.setDataContext(DataContexts.EMPTY);
        Object[] values;
        try {
            values = executable.execute();
        } catch (NullPointerException
                | ClassCastException
                | IndexOutOfBoundsException
                | IllegalStateException
                | UnsupportedOperationException e) {
            throw e; // generated code gone wrong: a bug in Weir, reported as one
        } catch (RuntimeException e) {
            throw Errors.dataError("the inserted values", e);
        }
        if (values == null) {
            return expressions;
        }
        List<RexNode> literals = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            literals.add(rexBuilder.makeLiteral(values[i], expressions.get(i).getType(), true));
        }
        return literals;
    }

    /** Target stream and the rows to append. */
    public record InsertRows(String target, List<Row> rows) {}

    /** Whether an INSERT's rows come from a query (a persistent query) rather than VALUES. */
    public static boolean isInsertSelect(SqlInsert insert) {
        SqlNode source = insert.getSource();
        return source != null && source.getKind() != org.apache.calcite.sql.SqlKind.VALUES;
    }

    /**
     * The job of {@code INSERT INTO stream SELECT ...}: the query, typed as the target's columns.
     */
    public record InsertQueryPlan(String target, PlannedQuery query) {}

    /**
     * Plans {@code INSERT INTO stream SELECT ...} as a continuous job whose rows append to the
     * stream. Its result must be append-only: a windowed aggregate emits each window once, when the
     * watermark completes it (as Flink's window aggregates do); an aggregate that updates its rows
     * cannot feed a stream.
     */
    public InsertQueryPlan insertQuery(SqlInsert insert) {
        Optional<StreamDef> procTimeStream = targetsStoredColumns(insert);
        RelRoot root = sqlToPlan.toStreamingRel(insert);
        if (!(root.rel instanceof TableModify modify)) {
            throw Errors.internal("an INSERT did not plan to a table modification", null);
        }
        String target =
                modify.getTable()
                        .getQualifiedName()
                        .get(modify.getTable().getQualifiedName().size() - 1);
        RelNode rows = modify.getInput();
        if (procTimeStream.isPresent()) {
            // The attribute's default is no stored value: the rows appended are the rest.
            int[] stored = storedFields(rows.getRowType().getFieldCount(), procTimeStream.get());
            List<Integer> fields = new ArrayList<>();
            for (int field : stored) {
                fields.add(field);
            }
            rows = RelOptUtil.createProject(rows, fields);
        }
        RelRoot query = RelRoot.of(rows, org.apache.calcite.sql.SqlKind.SELECT);
        Optional<dev.weir.common.error.Position> position =
                Optional.of(Positions.of(insert.getSource().getParserPosition()));
        JobGraph graph;
        EmitSpec emit = new EmitSpec(true, true, 0, 0, true, position);
        try {
            graph = plan(query, emit, insert);
        } catch (WeirException e) {
            if (e.code() != ErrorCode.UNSUPPORTED_STREAMING_QUERY
                    || !e.getMessage().contains("EMIT AFTER WATERMARK")) {
                throw e;
            }
            emit = new EmitSpec(true, false, 0, 0, true, position);
            graph = plan(query, emit, insert);
        }
        long sources =
                graph.nodes().stream()
                        .filter(n -> n instanceof dev.weir.plan.ExecNode.Source)
                        .count();
        if (sources > 1) {
            // Exactly-once appends rely on a replay producing the same rows in the same order,
            // which the interleaving of several sources does not promise.
            throw Errors.notSupported(
                    position,
                    "INSERT INTO ... SELECT reads one stream for now; this query reads "
                            + sources
                            + ".");
        }
        if (graph.changelogMode() != ChangelogMode.INSERT_ONLY) {
            throw Errors.unsupportedStreamingQuery(
                    position,
                    "INSERT INTO a stream needs a query whose rows are only ever added, but this"
                            + " one updates or retracts rows (an aggregate without windows). Keep"
                            + " its result in a materialized view instead.");
        }
        List<ColumnDef> columns = new ArrayList<>();
        for (RelDataTypeField field : rows.getRowType().getFieldList()) {
            columns.add(CatalogSchema.columnOf(field.getName(), field.getType()));
        }
        return new InsertQueryPlan(target, new PlannedQuery(graph, emit, columns));
    }

    /** Plans {@code root}; a refusal without a position is placed in {@code statement}. */
    private JobGraph plan(RelRoot root, EmitSpec emit, SqlNode statement) {
        try {
            return StreamPlanner.plan(
                    root, sqlToPlan.typeFactory(), sqlToPlan.cluster().getRexBuilder(), emit);
        } catch (WeirException refusal) {
            throw refusalPlacement.place(refusal, statement);
        }
    }

    private static List<List<RexNode>> tuplesOf(RelNode input) {
        if (input instanceof Values values) {
            List<List<RexNode>> tuples = new ArrayList<>();
            values.getTuples().forEach(t -> tuples.add(new ArrayList<>(t)));
            return tuples;
        }
        if (input instanceof Project project) {
            List<List<RexNode>> below = tuplesOf(project.getInput());
            List<List<RexNode>> tuples = new ArrayList<>();
            for (List<RexNode> tuple : below) {
                RexShuttle substitute =
                        new RexShuttle() {
                            @Override
                            public RexNode visitInputRef(RexInputRef ref) {
                                return tuple.get(ref.getIndex());
                            }
                        };
                List<RexNode> projected = new ArrayList<>();
                project.getProjects().forEach(p -> projected.add(p.accept(substitute)));
                tuples.add(projected);
            }
            return tuples;
        }
        if (input instanceof Union union && union.all) {
            // VALUES rows of different literal types (12.5 and 12.500): Calcite casts each row in
            // a projection of its own and unions them.
            List<List<RexNode>> tuples = new ArrayList<>();
            union.getInputs().forEach(i -> tuples.addAll(tuplesOf(i)));
            return tuples;
        }
        throw Errors.notSupported(
                Optional.empty(),
                "INSERT INTO ... SELECT (a persistent query) is not supported yet; use INSERT INTO"
                        + " ... VALUES.");
    }

    private static Object internalValue(RexNode value, ValueType type, RelDataTypeField field) {
        RexNode node = value;
        // A cast of a literal to its own type (Calcite rounds 12.504 to the column's 12.50 and
        // leaves the cast in place) is the literal.
        while (node instanceof RexCall cast
                && cast.isA(SqlKind.CAST)
                && cast.getOperands().get(0) instanceof RexLiteral operand
                && SqlTypeUtil.equalSansNullability(operand.getType(), cast.getType())) {
            node = operand;
        }
        if (!(node instanceof RexLiteral literal)) {
            throw Errors.invalidArgument(
                    "The value for column '" + field.getName() + "' is not a constant.");
        }
        if (literal.isNull()) {
            if (!field.getType().isNullable()) {
                throw new WeirException(
                        ErrorCode.NULL_NOT_ALLOWED,
                        Optional.empty(),
                        "Column '" + field.getName() + "' is NOT NULL, but the value is NULL.");
            }
            return null;
        }
        return ValueTypes.internalValue(literal, type);
    }
}
