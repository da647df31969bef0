<#--
  Weir's statements, added to Calcite's grammar. Entry point: WeirStmtEof().
  Plain JavaCC; FreeMarker only includes this file.
-->

/**
 * Parses one Weir statement: any Calcite statement or one of ours, optionally followed by an
 * EMIT clause (which only a top-level query may carry) and a semicolon.
 */
SqlNode WeirStmtEof() :
{
    final SqlNode stmt;
    SqlEmit emit = null;
}
{
    stmt = SqlStmt()
    [ emit = EmitClause() ]
    [ <SEMICOLON> ]
    <EOF>
    {
        return GrammarActions.attachEmit(stmt, emit);
    }
}

/**
 * EMIT clause (DIALECT.md):
 *   EMIT { STREAM [after] | after | CHANGES | FINAL | ON WINDOW CLOSE } [WITH (option, ...)]
 */
SqlEmit EmitClause() :
{
    final Span s;
    final SqlEmit.Builder b;
}
{
    <EMIT> { s = span(); b = SqlEmit.builder(); }
    (
        <STREAM> { b.stream(); }
        [ EmitAfter(b) ]
    |
        EmitAfter(b)
    |
        <CHANGES> { b.stream(); }
    |
        <FINAL> { b.stream(); b.afterWatermark(); }
    |
        <ON> <WINDOW> <CLOSE> { b.stream(); b.afterWatermark(); }
    )
    [
        <WITH> <LPAREN>
        EmitOption(b)
        ( <COMMA> EmitOption(b) )*
        <RPAREN>
    ]
    {
        return b.build(s.end(this));
    }
}

void EmitAfter(SqlEmit.Builder b) :
{
    SqlNode delay;
}
{
    <AFTER>
    (
        <WATERMARK> { b.afterWatermark(); }
        [ <AND> <AFTER> <DELAY> delay = IntervalLiteral() { b.delay(delay); } ]
    |
        <DELAY> delay = IntervalLiteral() { b.delay(delay); }
        [ <AND> <AFTER> <WATERMARK> { b.afterWatermark(); } ]
    )
}

void EmitOption(SqlEmit.Builder b) :
{
    final SqlIdentifier name;
    final SqlNode value;
}
{
    name = SimpleIdentifier()
    <EQ>
    value = Expression(ExprContext.ACCEPT_NON_QUERY)
    {
        b.option(name, value);
    }
}

boolean IfNotExistsOpt() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** WITH ('key' = 'value', ...) after CREATE STREAM or CREATE TABLE. */
SqlNodeList TableOptions() :
{
    final Span s;
    final List<SqlNode> optionList = new ArrayList<SqlNode>();
}
{
    <WITH> { s = span(); }
    <LPAREN>
    TableOption(optionList)
    ( <COMMA> TableOption(optionList) )*
    <RPAREN>
    {
        return new SqlNodeList(optionList, s.end(this));
    }
}

void TableOption(List<SqlNode> optionList) :
{
    final SqlNode key;
    final SqlNode value;
}
{
    key = StringLiteral()
    <EQ>
    value = StringLiteral()
    {
        GrammarActions.addTableOption(optionList, key, value);
    }
}

/**
 * One element of a CREATE STREAM or CREATE TABLE body: a column, a processing-time attribute
 * ({@code name AS PROCTIME()}, streams), a watermark (streams) or a primary key (tables).
 */
void TableElement(boolean isStream, List<SqlNode> columns, List<SqlNode> primaryKey,
    List<SqlNode> watermarks) :
{
    final Span s;
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    final boolean nullable;
    final SqlNode expression;
    final SqlNodeList keyColumns;
}
{
    LOOKAHEAD(2)
    <WATERMARK> { s = span(); } <FOR>
    name = SimpleIdentifier()
    <AS>
    expression = Expression(ExprContext.ACCEPT_NON_QUERY)
    {
        GrammarActions.addWatermark(isStream, watermarks,
            new SqlWatermark(s.end(expression), name, expression));
    }
|
    <PRIMARY> { s = span(); } <KEY>
    keyColumns = ParenthesizedSimpleIdentifierList()
    [ <NOT> <ENFORCED> ]
    {
        GrammarActions.addPrimaryKey(isStream, primaryKey, keyColumns.getList(), s.end(this));
    }
|
    LOOKAHEAD(2)
    name = SimpleIdentifier() { s = span(); }
    <AS>
    expression = Expression(ExprContext.ACCEPT_NON_QUERY)
    {
        GrammarActions.addComputedColumn(isStream, columns, name, expression, s.end(this));
    }
|
    name = SimpleIdentifier() { s = span(); }
    type = ColumnType()
    nullable = NullableOptDefaultTrue()
    {
        columns.add(new SqlColumn(s.end(this), name, type, nullable));
    }
    [
        <PRIMARY> <KEY> [ <NOT> <ENFORCED> ]
        {
            GrammarActions.addPrimaryKey(isStream, primaryKey,
                java.util.Collections.<SqlNode>singletonList(name), s.end(this));
        }
    ]
}

SqlCreate SqlCreateStream(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> primaryKey = new ArrayList<SqlNode>();
    final List<SqlNode> watermarks = new ArrayList<SqlNode>();
    SqlNodeList optionList = SqlNodeList.EMPTY;
}
{
    <STREAM> { GrammarActions.rejectOrReplace(replace, s.end(this), "STREAM"); }
    ifNotExists = IfNotExistsOpt()
    name = CompoundIdentifier()
    <LPAREN>
    TableElement(true, columns, primaryKey, watermarks)
    ( <COMMA> TableElement(true, columns, primaryKey, watermarks) )*
    <RPAREN>
    [ optionList = TableOptions() ]
    {
        return new SqlCreateStream(s.end(this), ifNotExists, name,
            new SqlNodeList(columns, s.pos()),
            watermarks.isEmpty() ? null : (SqlWatermark) watermarks.get(0),
            optionList);
    }
}

SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> primaryKey = new ArrayList<SqlNode>();
    final List<SqlNode> watermarks = new ArrayList<SqlNode>();
    SqlNodeList optionList = SqlNodeList.EMPTY;
}
{
    <TABLE> { GrammarActions.rejectOrReplace(replace, s.end(this), "TABLE"); }
    ifNotExists = IfNotExistsOpt()
    name = CompoundIdentifier()
    <LPAREN>
    TableElement(false, columns, primaryKey, watermarks)
    ( <COMMA> TableElement(false, columns, primaryKey, watermarks) )*
    <RPAREN>
    [ optionList = TableOptions() ]
    {
        return new SqlCreateTable(s.end(this), ifNotExists, name,
            new SqlNodeList(columns, s.pos()),
            new SqlNodeList(primaryKey, s.pos()),
            optionList);
    }
}

SqlCreate SqlCreateView(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columnNames = null;
    final SqlNode query;
}
{
    <VIEW>
    ifNotExists = IfNotExistsOpt()
    name = CompoundIdentifier()
    [ columnNames = ParenthesizedSimpleIdentifierList() ]
    <AS>
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateView(s.end(this), replace, ifNotExists, name, columnNames, query);
    }
}

SqlCreate SqlCreateMaterializedView(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    SqlNodeList columnNames = null;
    final SqlNode query;
    SqlEmit emit = null;
}
{
    <MATERIALIZED> <VIEW>
    { GrammarActions.rejectOrReplace(replace, s.end(this), "MATERIALIZED VIEW"); }
    ifNotExists = IfNotExistsOpt()
    name = CompoundIdentifier()
    [ columnNames = ParenthesizedSimpleIdentifierList() ]
    <AS>
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    [ emit = EmitClause() ]
    {
        return new SqlCreateMaterializedView(s.end(this), ifNotExists, name, columnNames,
            query, emit);
    }
}

ObjectKind ObjectKindWord() :
{
}
{
    <STREAM> { return ObjectKind.STREAM; }
|
    <TABLE> { return ObjectKind.TABLE; }
|
    <VIEW> { return ObjectKind.VIEW; }
|
    <MATERIALIZED> <VIEW> { return ObjectKind.MATERIALIZED_VIEW; }
}

SqlDrop SqlDropObject(Span s, boolean replace) :
{
    final ObjectKind kind;
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    kind = ObjectKindWord()
    ifExists = IfExistsOpt()
    name = CompoundIdentifier()
    {
        return new SqlDropObject(s.end(this), kind, ifExists, name);
    }
}

/** SHOW STREAMS | TABLES | VIEWS | MATERIALIZED VIEWS | QUERIES | FUNCTIONS [LIKE 'pattern'] */
SqlNode SqlShow() :
{
    final Span s;
    final ShowKind kind;
    SqlNode like = null;
}
{
    <SHOW> { s = span(); }
    (
        <STREAMS> { kind = ShowKind.STREAMS; }
    |
        <TABLES> { kind = ShowKind.TABLES; }
    |
        <VIEWS> { kind = ShowKind.VIEWS; }
    |
        <MATERIALIZED> <VIEWS> { kind = ShowKind.MATERIALIZED_VIEWS; }
    |
        <QUERIES> { kind = ShowKind.QUERIES; }
    |
        <FUNCTIONS> { kind = ShowKind.FUNCTIONS; }
    )
    [ <LIKE> like = StringLiteral() ]
    {
        return new SqlShow(s.end(this), kind, like);
    }
}

/** CANCEL QUERY '<id>' */
SqlNode SqlCancelQuery() :
{
    final Span s;
    final SqlNode id;
}
{
    <CANCEL> { s = span(); } <QUERY>
    id = StringLiteral()
    {
        return new SqlCancelQuery(s.end(this), id);
    }
}

/** DESCRIBE [STREAM | TABLE | VIEW | MATERIALIZED VIEW] name */
SqlNode SqlDescribeObject() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    <DESCRIBE> { s = span(); }
    [ ObjectKindWord() ]
    name = CompoundIdentifier()
    {
        return new SqlDescribeObject(s.end(this), name);
    }
}

/** EXPLAIN [PLAN FOR] query-or-insert [EMIT ...] */
SqlNode SqlExplainQuery() :
{
    final Span s;
    final SqlNode stmt;
    SqlEmit emit = null;
}
{
    <EXPLAIN> { s = span(); }
    [ <PLAN> <FOR> ]
    stmt = SqlQueryOrDml()
    [ emit = EmitClause() ]
    {
        return new SqlExplainQuery(s.end(this), GrammarActions.attachEmit(stmt, emit));
    }
}

/**
 * A column's type: Calcite's data types, and INTERVAL types, which Calcite's DataType() leaves
 * to CAST. Only column declarations use this, so CAST keeps its own INTERVAL branch.
 */
SqlDataTypeSpec ColumnType() :
{
    final Span s;
    final SqlIntervalQualifier qualifier;
    final SqlDataTypeSpec type;
}
{
    <INTERVAL> { s = span(); }
    qualifier = IntervalQualifier()
    {
        return new SqlDataTypeSpec(
            new SqlIntervalTypeNameSpec(qualifier, s.end(this)), s.end(this));
    }
|
    type = DataType() { return type; }
}

/**
 * The name of a named argument (name => value): a name, or OFFSET, a reserved word that is also
 * the name of the offset argument of TUMBLE, HOP and CUMULATE. Calcite's Arg0() and Arg() call
 * this in place of SimpleIdentifier() (see the pom: the template is patched before FMPP runs).
 */
SqlIdentifier ArgumentName() :
{
    final SqlIdentifier name;
}
{
    <OFFSET> { return new SqlIdentifier(token.image, getPos()); }
|
    name = SimpleIdentifier() { return name; }
}
