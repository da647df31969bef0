package dev.weir.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The console's page, script and style sheet, read once from the server's jar. Only these paths are
 * served: nothing a request names reaches the class path.
 */
public final class ConsoleAssets {
    /** A file and its content type. */
    public record Asset(String contentType, byte[] body) {}

    private final Map<String, Asset> assets =
            Map.of(
                    "/",
                    load("index.html", "text/html; charset=UTF-8"),
                    "/console/console.js",
                    load("console.js", "text/javascript; charset=UTF-8"),
                    "/console/console.css",
                    load("console.css", "text/css; charset=UTF-8"));

    /** The asset at {@code path}, if it is one. */
    public Optional<Asset> find(String path) {
        return Optional.ofNullable(assets.get(path.isEmpty() ? "/" : path));
    }

    /** Whether {@code path} names an asset. */
    public static boolean isAsset(String path) {
        return path.isEmpty() || path.equals("/") || path.startsWith("/console/");
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the server jar lacks the console's " + name);
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
