package dev.weir.server.flink;

import java.util.List;
import java.util.Optional;

/**
 * {@code --runner flink} and its options: the parallelism of each query's job and, for a remote
 * cluster, its JobManager's REST address.
 *
 * @param parallelism instances of each keyed operator of a query's job
 * @param address {@code host:port} of a running cluster's REST API; empty for an in-process
 *     MiniCluster
 */
public record FlinkOptions(int parallelism, Optional<String> address) {
    public FlinkOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "--flink-parallelism must be at least 1, not " + parallelism);
        }
        address.ifPresent(FlinkOptions::port);
    }

    /** Starts the runner: the MiniCluster (once, for the server's life) or the remote's client. */
    public FlinkQueryRunner start() throws Exception {
        if (address.isEmpty()) {
            return FlinkQueryRunner.local(parallelism);
        }
        String a = address.get();
        return FlinkQueryRunner.remote(
                a.substring(0, a.lastIndexOf(':')),
                port(a),
                parallelism,
                FlinkJars.ofClassPath(System.getProperty("java.class.path")));
    }

    private static int port(String address) {
        int colon = address.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--flink-address is host:port (the JobManager's REST API, e.g."
                            + " localhost:8081), not '"
                            + address
                            + "'");
        }
    }

    /** The options' names, which need {@code --runner flink}. */
    public static final List<String> FLAGS = List.of("--flink-parallelism", "--flink-address");
}
