package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/** {@code SHOW STREAMS | TABLES | VIEWS | MATERIALIZED VIEWS | QUERIES | FUNCTIONS [LIKE 'p']}. */
public final class SqlShow extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER);

    private final ShowKind showKind;
    private final SqlNode likePattern;

    public SqlShow(SqlParserPos pos, ShowKind showKind, SqlNode likePattern) {
        super(pos);
        this.showKind = requireNonNull(showKind, "showKind is null");
        this.likePattern = likePattern;
    }

    public ShowKind showKind() {
        return showKind;
    }

    /** The LIKE pattern, if given. */
    public Optional<String> likePattern() {
        // Adjacent string literals ('rate' '%') are one literal in SQL; the parser chains them.
        return Optional.ofNullable(likePattern)
                .map(p -> SqlLiteral.unchain(p).getValueAs(String.class));
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(
                SqlLiteral.createSymbol(showKind, SqlParserPos.ZERO), likePattern);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SHOW");
        writer.keyword(showKind.sql());
        if (likePattern != null) {
            writer.keyword("LIKE");
            likePattern.unparse(writer, 0, 0);
        }
    }
}
