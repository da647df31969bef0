package dev.weir.flink;

/** The MiniCluster of a test class: four slots, so jobs run at parallelism 1, 2 and 4. */
final class FlinkTestCluster {
    static final int SLOTS = 4;

    // Flink logs every task's every state at INFO; strong references, as java.util.logging
    // forgets the level of a logger nobody holds.
    private static final java.util.List<java.util.logging.Logger> QUIET =
            java.util.List.of(
                    java.util.logging.Logger.getLogger("org.apache.flink"),
                    java.util.logging.Logger.getLogger("org.apache.kafka"));

    static {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
    }

    private FlinkTestCluster() {}

    static FlinkRunner start() throws Exception {
        return FlinkRunner.local(SLOTS);
    }
}
