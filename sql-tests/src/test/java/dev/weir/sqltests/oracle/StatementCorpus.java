package dev.weir.sqltests.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The statements of the test corpora, file by file: the parser's inputs, the planner's golden
 * inputs and the {@code .sqlt} scripts. Each file's statements run in order make sense together
 * (its DDL first), which is what the fuzzers start from.
 *
 * @param file where the statements come from
 * @param statements each a script of one or more statements (a parser block may hold several)
 */
record StatementCorpus(Path file, List<String> statements) {
    StatementCorpus {
        statements = List.copyOf(statements);
    }

    /** Every corpus file under the modules' test resources, in a fixed order. */
    static List<StatementCorpus> all() {
        Path modules = Path.of("").toAbsolutePath().getParent();
        List<StatementCorpus> files = new ArrayList<>();
        for (String dir :
                List.of(
                        "parser/src/test/resources",
                        "planner/src/test/resources",
                        "sql-tests/src/test/resources/sql")) {
            try (Stream<Path> walk = Files.walk(modules.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".sql") || p.toString().endsWith(".sqlt"))
                        .sorted()
                        .forEach(p -> files.add(read(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /**
     * A file's statements: the parser's corpus is blocks between {@code ==} lines, the others
     * statements ending with a line that ends in {@code ;}, with {@code #} comments, {@code >}
     * results and {@code !} commands left out.
     */
    static StatementCorpus read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> blocks = new ArrayList<>();
        if (file.toString().contains("parser")) {
            for (String block : text.split("(?m)^==$")) {
                blocks.add(block.strip());
            }
        } else {
            StringBuilder statement = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.startsWith(">") || line.startsWith("!")) {
                    continue;
                }
                statement.append(line).append('\n');
                if (line.stripTrailing().endsWith(";")) {
                    blocks.add(statement.toString().strip());
                    statement.setLength(0);
                }
            }
        }
        blocks.removeIf(String::isEmpty);
        return new StatementCorpus(file, blocks);
    }
}
