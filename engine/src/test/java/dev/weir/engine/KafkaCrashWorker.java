package dev.weir.engine;

import dev.weir.executor.connector.log.FsyncPolicy;
import java.nio.file.Path;

/**
 * The process {@link KafkaCrashRecoveryTest} kills: an engine on a data directory, checkpointing
 * every 200 ms, running until it is killed, saying every 50 ms how many records its INSERT query
 * has read since it started. Arguments: the data directory, and on its first start the script that
 * creates its objects.
 */
final class KafkaCrashWorker {
    private KafkaCrashWorker() {}

    public static void main(String[] args) throws Exception {
        try (Engine engine = Engine.open(Path.of(args[0]), FsyncPolicy.NEVER, 200)) {
            if (args.length > 1) {
                engine.executeScript(args[1]);
            }
            System.out.println("ready");
            dev.weir.executor.runtime.Job insert = engine.persistentQueries().get("insert_1");
            while (true) {
                // How far the INSERT query has read since this start: the test kills it only once
                // it has read, so that each kill lands in a query at work.
                System.out.println("read " + insert.metrics().get(0).rowsIn());
                Thread.sleep(50);
            }
        }
    }
}
