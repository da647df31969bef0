package dev.weir.parser;

import dev.weir.common.error.Position;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Converts Calcite's parser positions to ours. */
public final class Positions {
    private Positions() {}

    /** The position of {@code pos}; Calcite's "no position" (line 0) becomes line 1, column 1. */
    public static Position of(SqlParserPos pos) {
        if (pos == null || pos.getLineNum() < 1 || pos.getColumnNum() < 1) {
            return Position.at(1, 1);
        }
        int endLine = Math.max(pos.getEndLineNum(), pos.getLineNum());
        int endColumn =
                endLine == pos.getLineNum()
                        ? Math.max(pos.getEndColumnNum(), pos.getColumnNum())
                        : Math.max(pos.getEndColumnNum(), 1);
        return new Position(pos.getLineNum(), pos.getColumnNum(), endLine, endColumn);
    }
}
