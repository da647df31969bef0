package dev.weir.parser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a test corpus: statements separated by lines holding only {@code ==}. */
final class StatementCorpus {
    private StatementCorpus() {}

    static List<String> read(String resource) {
        try (InputStream in = StatementCorpus.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> blocks = new ArrayList<>();
            for (String block : text.split("\n==\n", -1)) {
                blocks.add(block.endsWith("\n") ? block.substring(0, block.length() - 1) : block);
            }
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
