package dev.weir.engine;

import dev.weir.common.row.Row;
import dev.weir.executor.runtime.SourceFunction;
import java.util.List;

/** Where the events of internal streams (those fed by INSERT) are kept. */
public interface StreamStorage extends AutoCloseable {
    /** Appends rows; returns once they are as durable as the storage promises. */
    void append(String stream, List<Row> rows);

    /**
     * A reader from the first retained event.
     *
     * @param boundedAtCurrentEnd end at the events present now (a table realization), or keep
     *     reading new events as they are appended (a stream realization)
     */
    SourceFunction reader(String stream, boolean boundedAtCurrentEnd);

    /** A reader of only the events appended from now on ({@code WITH (SNAPSHOT = FALSE)}). */
    SourceFunction newEventsReader(String stream);

    /** The offset the next appended event will get: how many events were ever appended. */
    long end(String stream);

    /** Up to {@code max} events from offset {@code from}; fewer at the end. */
    List<Row> read(String stream, long from, int max);

    /** Deletes a stream's events. */
    void drop(String stream);

    @Override
    void close();
}
