package dev.weir.server.flink;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars a remote Flink cluster loads a query's classes from: this server's class path without
 * Flink's own jars (the cluster has them; its Kafka connector is not part of Flink's distribution,
 * so it goes) and without the engine's RocksDB, whose {@code org.rocksdb} classes would clash with
 * Flink's RocksDB on the task managers.
 */
final class FlinkJars {
    private FlinkJars() {}

    static List<String> ofClassPath(String classPath) {
        List<String> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (!name.endsWith(".jar")
                    || name.startsWith("rocksdbjni")
                    || name.startsWith("flink-") && !name.startsWith("flink-connector-kafka")) {
                continue;
            }
            jars.add(new File(entry).getAbsolutePath());
        }
        return jars;
    }
}
