package dev.weir.engine;

import dev.weir.parser.ddl.SqlCancelQuery;
import dev.weir.parser.ddl.SqlCreateMaterializedView;
import dev.weir.parser.ddl.SqlCreateStream;
import dev.weir.parser.ddl.SqlCreateTable;
import dev.weir.parser.ddl.SqlCreateView;
import dev.weir.parser.ddl.SqlDescribeObject;
import dev.weir.parser.ddl.SqlDropObject;
import dev.weir.parser.ddl.SqlEmitQuery;
import dev.weir.parser.ddl.SqlExplainQuery;
import dev.weir.parser.ddl.SqlShow;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;

/** The families of statements, one {@link StatementHandler} each: how the engine routes them. */
enum StatementFamily {
    /** CREATE and DROP of streams, tables, views and materialized views ({@link DdlHandler}). */
    DDL(true),
    /** INSERT ... VALUES, INSERT ... SELECT, UPSERT, DELETE, UPDATE ({@link DmlHandler}). */
    DML(false),
    /** Snapshot and continuous queries, point lookups included ({@link QueryHandler}). */
    QUERY(false),
    /** CANCEL QUERY ({@link CancelHandler}). */
    CANCEL(true),
    /** SHOW, DESCRIBE, EXPLAIN ({@link ShowDescribeExplainHandler}). */
    SHOW_DESCRIBE_EXPLAIN(false),
    /** A statement the parser accepts and Weir does not run. */
    UNSUPPORTED(true);

    private final boolean clearsPlanCache;

    StatementFamily(boolean clearsPlanCache) {
        this.clearsPlanCache = clearsPlanCache;
    }

    /**
     * Whether running a statement of this family clears the plan cache ({@link PlanCache}) first:
     * every statement but those known to leave the catalog as it is (queries, DML, SHOW, DESCRIBE,
     * EXPLAIN), since the catalog may change and plans made before may be wrong then.
     */
    boolean clearsPlanCache() {
        return clearsPlanCache;
    }

    static StatementFamily of(SqlNode statement) {
        if (statement instanceof SqlCreateStream
                || statement instanceof SqlCreateTable
                || statement instanceof SqlCreateView
                || statement instanceof SqlCreateMaterializedView
                || statement instanceof SqlDropObject) {
            return DDL;
        }
        if (statement instanceof SqlInsert
                || statement instanceof SqlDelete
                || statement instanceof SqlUpdate) {
            return DML;
        }
        if (statement instanceof SqlCancelQuery) {
            return CANCEL;
        }
        if (statement instanceof SqlShow
                || statement instanceof SqlDescribeObject
                || statement instanceof SqlExplainQuery) {
            return SHOW_DESCRIBE_EXPLAIN;
        }
        if (statement instanceof SqlEmitQuery || statement.getKind().belongsTo(SqlKind.QUERY)) {
            return QUERY;
        }
        return UNSUPPORTED;
    }
}
