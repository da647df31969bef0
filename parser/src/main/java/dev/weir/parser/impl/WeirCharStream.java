package dev.weir.parser.impl;

import java.io.Reader;

/**
 * JavaCC's character stream, counting a tab as one column (as Calcite's parser does), so that error
 * columns match what an editor shows. Lives beside the generated parser because the tab size is
 * only settable from this package.
 */
public final class WeirCharStream extends SimpleCharStream {
    public WeirCharStream(Reader reader, int startLine, int startColumn, int bufferSize) {
        super(reader, startLine, startColumn, bufferSize);
        setTabSize(1);
    }
}
