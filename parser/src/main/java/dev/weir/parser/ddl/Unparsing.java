package dev.weir.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Small pieces of unparsing that several of our statements share. */
final class Unparsing {
    private Unparsing() {}

    /** Writes {@code (a, b, c)}. */
    static void parenthesized(SqlWriter writer, List<? extends SqlNode> items) {
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode item : items) {
            writer.sep(",");
            item.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }

    /** Writes {@code WITH ('k' = 'v', ...)}, or nothing for no options. */
    static void tableOptions(SqlWriter writer, SqlNodeList options) {
        if (options.isEmpty()) {
            return;
        }
        writer.keyword("WITH");
        parenthesized(writer, options.getList());
    }

    /** A boolean flag carried as an operand, so that {@code equalsDeep} compares it. */
    static SqlLiteral flag(boolean value) {
        return SqlLiteral.createBoolean(value, SqlParserPos.ZERO);
    }
}
