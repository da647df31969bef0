package dev.weir.parser.ddl;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Litmus;

/**
 * An interval column type, {@code INTERVAL DAY TO SECOND} and the like. Calcite's grammar takes
 * interval types only in CAST, not in column declarations; DIALECT.md lists them as types.
 */
public final class SqlIntervalTypeNameSpec extends SqlTypeNameSpec {
    private final SqlIntervalQualifier qualifier;

    public SqlIntervalTypeNameSpec(SqlIntervalQualifier qualifier, SqlParserPos pos) {
        super(new SqlIdentifier("INTERVAL", pos), pos);
        this.qualifier = requireNonNull(qualifier, "qualifier is null");
    }

    @Override
    public RelDataType deriveType(SqlValidator validator) {
        return validator.getTypeFactory().createSqlIntervalType(qualifier);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("INTERVAL");
        qualifier.unparse(writer, 0, 0);
    }

    @Override
    public boolean equalsDeep(SqlTypeNameSpec spec, Litmus litmus) {
        if (!(spec instanceof SqlIntervalTypeNameSpec other)
                || !qualifier.equalsDeep(other.qualifier, litmus)) {
            return litmus.fail("{} != {}", this, spec);
        }
        return litmus.succeed();
    }
}
