package dev.weir.engine;

import dev.weir.executor.connector.log.FsyncPolicy;
import java.nio.file.Path;

/**
 * The process {@link KafkaCrashRecoveryTest} kills: an engine on a data directory, checkpointing
 * every 200 ms, running until it is killed. Arguments: the data directory, and on its first start
 * the script that creates its objects.
 */
final class KafkaCrashWorker {
    private KafkaCrashWorker() {}

    public static void main(String[] args) throws Exception {
        try (Engine engine = Engine.open(Path.of(args[0]), FsyncPolicy.NEVER, 200)) {
            if (args.length > 1) {
                engine.executeScript(args[1]);
            }
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
