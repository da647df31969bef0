package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.executor.connector.log.FsyncPolicy;
import dev.weir.executor.connector.log.LogConfig;
import dev.weir.executor.connector.log.StreamLog;
import dev.weir.executor.runtime.SourceFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Internal streams kept as logs in the data directory: {@code streams/<name>/events.log}. */
public final class LogStreamStorage implements StreamStorage {
    private final Path root;
    private final LogConfig config;
    private final Map<String, StreamLog> logs = new ConcurrentHashMap<>();

    public LogStreamStorage(Path root, FsyncPolicy fsync) {
        this(root, LogConfig.of(fsync));
    }

    public LogStreamStorage(Path root, LogConfig config) {
        this.root = root;
        this.config = config;
    }

    private StreamLog log(String stream) {
        String key = stream.toLowerCase(Locale.ROOT);
        return logs.computeIfAbsent(key, k -> StreamLog.open(root.resolve(k), config));
    }

    @Override
    public void append(String stream, List<Row> rows) {
        log(stream).append(rows);
    }

    @Override
    public SourceFunction reader(String stream, boolean boundedAtCurrentEnd) {
        StreamLog log = log(stream);
        return reader(log, 0, boundedAtCurrentEnd ? log.end() : Long.MAX_VALUE);
    }

    @Override
    public SourceFunction newEventsReader(String stream) {
        StreamLog log = log(stream);
        return reader(log, log.end(), Long.MAX_VALUE);
    }

    private static SourceFunction reader(StreamLog log, long from, long end) {
        // A LogReader reports its offset, so a checkpoint can resume it exactly.
        return log.reader(from, end);
    }

    @Override
    public long end(String stream) {
        return log(stream).end();
    }

    @Override
    public List<Row> read(String stream, long from, int max) {
        StreamLog log = log(stream);
        return log.read(from, log.end(), max).rows();
    }

    @Override
    public void drop(String stream) {
        String key = stream.toLowerCase(Locale.ROOT);
        StreamLog log = logs.remove(key);
        if (log != null) {
            log.close();
        }
        StreamLog.delete(root.resolve(key));
    }

    @Override
    public void close() {
        logs.values().forEach(StreamLog::close);
        logs.clear();
    }
}
