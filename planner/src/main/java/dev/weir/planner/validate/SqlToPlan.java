package dev.weir.planner.validate;

import dev.weir.parser.WeirParser;
import dev.weir.planner.catalog.Catalog;
import dev.weir.planner.catalog.SystemTable;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * Validates a statement against the catalog and converts it to Calcite's logical plan. One per
 * statement: Calcite's validator and converter hold per-statement state.
 */
public final class SqlToPlan implements RelOptTable.ViewExpander {
    private final JavaTypeFactoryImpl typeFactory =
            new JavaTypeFactoryImpl(WeirTypeSystem.INSTANCE);
    private final CalciteCatalogReader catalogReader;
    private final SqlOperatorTable operatorTable;
    private final RelOptCluster cluster;
    private final boolean expandMaterializedViews;

    public SqlToPlan(Catalog catalog) {
        this(catalog, false);
    }

    /**
     * @param expandMaterializedViews plan a materialized view's query where it is read, instead of
     *     reading its stored rows (see {@link CatalogSchema})
     */
    public SqlToPlan(Catalog catalog, boolean expandMaterializedViews) {
        this.expandMaterializedViews = expandMaterializedViews;
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        // The catalog `weir` takes one-, two- and three-part names (CatalogLevelSchema); `sys`
        // also stands alone at the root, as `sys.queries`.
        root.add(
                CatalogLevelSchema.CATALOG,
                new CatalogLevelSchema(catalog, expandMaterializedViews));
        root.add(SystemTable.SCHEMA, new CatalogSchema.SystemSchema(catalog));
        Properties properties = new Properties();
        // Unquoted names match case-insensitively and are stored as written (DIALECT.md).
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        catalogReader =
                new CalciteCatalogReader(
                        root,
                        List.of(CatalogLevelSchema.CATALOG),
                        typeFactory,
                        new CalciteConnectionConfigImpl(properties));
        operatorTable = SqlOperatorTables.chain(WeirOperatorTable.instance(), catalogReader);
        cluster =
                RelOptCluster.create(
                        new HepPlanner(HepProgram.builder().build()),
                        new WeirRexBuilder(typeFactory));
    }

    public JavaTypeFactoryImpl typeFactory() {
        return typeFactory;
    }

    public RelOptCluster cluster() {
        return cluster;
    }

    /** Validates {@code node} (a query or DML) and converts it to a logical plan. */
    public RelRoot toRel(SqlNode node) {
        return toRel(node, false);
    }

    /**
     * Validates a query (or INSERT ... SELECT) to be run on streams, refuses what the streaming
     * operators cannot compute ({@link StreamingQueryChecks}, with positions), and converts it to a
     * logical plan. A view's definition is validated with {@link #toRel} instead: it is checked
     * where it is run, as part of a query.
     */
    public RelRoot toStreamingRel(SqlNode node) {
        return toRel(node, true);
    }

    private RelRoot toRel(SqlNode node, boolean streaming) {
        SqlValidator validator = newValidator();
        try {
            SqlNode validated = validator.validate(rewrittenForValidation(node));
            SessionFunctions.refuse(validated);
            IncomparableTypes.refuse(validated, validator);
            TemporalJoinChecks.check(validated, validator);
            if (streaming) {
                StreamingQueryChecks.check(validated, validator, expandMaterializedViews);
            }
            SqlToRelConverter converter = newConverter(validator);
            RelRoot root = converter.convertQuery(validated, false, true);
            return root.withRel(IntegerCastTruncation.apply(root.rel, cluster().getRexBuilder()));
        } catch (CalciteContextException e) {
            throw ValidationErrors.of(e);
        }
    }

    /**
     * Validates {@code node} (a query or DML) without converting it: for a client's prepare, which
     * asks for the types of its result and its parameters. The node is validated in place.
     */
    public Validated validate(SqlNode node) {
        SqlValidator validator = newValidator();
        try {
            SqlNode validated = validator.validate(rewrittenForValidation(node));
            TemporalJoinChecks.check(validated, validator);
            return new Validated(validator, validated);
        } catch (CalciteContextException e) {
            throw ValidationErrors.of(e);
        }
    }

    /** Checks {@code node} and rewrites it, in place, into what Calcite's validator reads right. */
    private static SqlNode rewrittenForValidation(SqlNode node) {
        return SetOperationTableArguments.rewrite(
                SessionPartitionRewriter.rewrite(
                        NamedWindowArguments.rewrite(
                                CharsetLiterals.rewrite(PreValidationChecks.check(node)))));
    }

    /** A validated statement and the validator that knows its types. */
    public record Validated(SqlValidator validator, SqlNode node) {}

    public SqlValidator newValidator() {
        return SqlValidatorUtil.newValidator(
                operatorTable,
                catalogReader,
                typeFactory,
                SqlValidator.Config.DEFAULT
                        .withIdentifierExpansion(true)
                        .withConformance(SqlConformanceEnum.DEFAULT));
    }

    private SqlToRelConverter newConverter(SqlValidator validator) {
        return new SqlToRelConverter(
                this,
                validator,
                catalogReader,
                cluster,
                WeirConvertlets.INSTANCE,
                SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false));
    }

    @Override
    public RelRoot expandView(
            RelDataType rowType,
            String queryString,
            List<String> schemaPath,
            List<String> viewPath) {
        SqlNode parsed = WeirParser.parseStatement(queryString);
        SqlValidator validator = newValidator();
        SqlNode validated = validator.validate(CharsetLiterals.rewrite(parsed));
        return newConverter(validator).convertQuery(validated, true, false);
    }
}
