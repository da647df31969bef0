package dev.weir.common.error;

/**
 * Where in a statement's text something is: 1-based lines and columns, the end inclusive.
 *
 * @param line first line
 * @param column first column on {@code line}
 * @param endLine last line
 * @param endColumn last column on {@code endLine}
 */
public record Position(int line, int column, int endLine, int endColumn) {
    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException(
                    "a position starts at line 1, column 1, not " + line + ":" + column);
        }
        if (endLine < line || (endLine == line && endColumn < column)) {
            throw new IllegalArgumentException(
                    "position end "
                            + endLine
                            + ":"
                            + endColumn
                            + " is before its start "
                            + line
                            + ":"
                            + column);
        }
    }

    /** A position of a single point. */
    public static Position at(int line, int column) {
        return new Position(line, column, line, column);
    }

    /** This position moved as if its statement began at {@code line}:{@code column} of a script. */
    public Position shiftedTo(int startLine, int startColumn) {
        return new Position(
                line + startLine - 1,
                line == 1 ? column + startColumn - 1 : column,
                endLine + startLine - 1,
                endLine == 1 ? endColumn + startColumn - 1 : endColumn);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
