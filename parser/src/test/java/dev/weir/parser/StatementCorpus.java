package dev.weir.parser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a test corpus: blocks of text separated by lines holding only {@code ==}, each remembered
 * with the line of the file it starts on, so that a failing case names where it is.
 */
final class StatementCorpus {
    private static final String SEPARATOR = "==";

    private StatementCorpus() {}

    /**
     * One block of a corpus file.
     *
     * @param file the file's name, as in {@code valid.sql}
     * @param line the line of the file the block starts on (1-based)
     * @param text the block without its final line break
     */
    record Entry(String file, int line, String text) {
        /** A one-line name for a test: where the block is and what it says. */
        String displayName() {
            String oneLine = text.replaceAll("\\s+", " ").strip();
            return file + ":" + line + " " + oneLine;
        }
    }

    /** The blocks of the class-path resource {@code resource}, as in {@code /parser/valid.sql}. */
    static List<Entry> read(String resource) {
        String file = resource.substring(resource.lastIndexOf('/') + 1);
        List<Entry> entries = new ArrayList<>();
        String[] lines = load(resource).split("\n", -1);
        StringBuilder block = new StringBuilder();
        int blockLine = 1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(SEPARATOR)) {
                entries.add(new Entry(file, blockLine, withoutFinalBreak(block)));
                block.setLength(0);
                blockLine = i + 2;
            } else {
                block.append(lines[i]).append('\n');
            }
        }
        entries.add(new Entry(file, blockLine, withoutFinalBreak(block)));
        return entries;
    }

    private static String withoutFinalBreak(StringBuilder block) {
        String text = block.toString();
        // Each line got a '\n'; the file's own last line break adds one more.
        while (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static String load(String resource) {
        try (InputStream in = StatementCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
