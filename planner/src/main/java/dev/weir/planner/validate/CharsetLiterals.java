package dev.weir.planner.validate;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.NlsString;

/**
 * Drops the character set of string literals written with one ({@code _UTF8'ı'}, {@code U&'\03A9'},
 * {@code _ISO-8859-1'x'}) before validation. The parser has already decoded such a literal into its
 * text; the prefix only said how the text was written. Weir keeps every string in one character set
 * (Calcite's default, UTF-16LE), and with the prefix kept Calcite would type the literal in another
 * one, which it then refuses to compare with or assign to any column.
 *
 * <p>Literals are replaced in place, as {@link NamedWindowArguments} changes its calls.
 */
final class CharsetLiterals extends SqlBasicVisitor<Void> {
    private CharsetLiterals() {}

    static SqlNode rewrite(SqlNode node) {
        node.accept(new CharsetLiterals());
        return node;
    }

    @Override
    public Void visit(SqlCall call) {
        List<SqlNode> operands = call.getOperandList();
        for (int i = 0; i < operands.size(); i++) {
            SqlNode operand = operands.get(i);
            SqlNode plain = withoutCharset(operand);
            if (plain != operand) {
                replace(call, i, plain);
            } else if (operand != null) {
                operand.accept(this);
            }
        }
        return null;
    }

    @Override
    public Void visit(SqlNodeList list) {
        for (int i = 0; i < list.size(); i++) {
            SqlNode item = list.get(i);
            SqlNode plain = withoutCharset(item);
            if (plain != item) {
                list.set(i, plain);
            } else if (item != null) {
                item.accept(this);
            }
        }
        return null;
    }

    private static void replace(SqlCall call, int i, SqlNode operand) {
        try {
            call.setOperand(i, operand);
        } catch (UnsupportedOperationException e) {
            // A call that cannot be changed keeps its literal; the validator then refuses the
            // charset mismatch with its own coded error, as it did before this rewrite.
        }
    }

    private static SqlNode withoutCharset(SqlNode node) {
        if (node instanceof SqlCharStringLiteral literal) {
            NlsString value = literal.getValueAs(NlsString.class);
            if (value.getCharsetName() != null) {
                return SqlLiteral.createCharString(value.getValue(), literal.getParserPosition());
            }
        }
        return node;
    }
}
