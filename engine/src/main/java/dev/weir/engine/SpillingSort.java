package dev.weir.engine;

import dev.weir.common.error.Errors;
import dev.weir.common.row.Row;
import dev.weir.engine.TableRealizationSink.Arrived;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A snapshot query's ORDER BY without LIMIT over an insert-only result: at most {@code runRows}
 * rows (and at most half the query's share of the heap budget) are held and sorted in memory; every
 * full run is written, sorted, to a temporary file, and the runs are merged at the end (first in
 * groups of {@link #FAN_IN} when there are more).
 *
 * <p>The order is exactly that of sorting every row at once as the sink always did: by the ORDER
 * BY, and, among rows it ties, distinct rows in the order they first arrived with a row's copies
 * together. Runs are sorted and merged by ORDER BY and arrival number, a total order, so each group
 * of tied rows comes out in arrival order and is regrouped by row there (a group of ties is held in
 * memory, however large).
 */
final class SpillingSort implements AutoCloseable {
    /** At most this many runs are read at once: each holds a 64 KiB buffer. */
    static final int FAN_IN = 64;

    private final Comparator<Row> byOrder;
    private final Comparator<Arrived> order;
    private final int runRows;
    private final Path directory;
    private final List<Arrived> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private final MemoryBudget.Meter meter;
    private long arrivals;
    private long bufferedBytes;

    /**
     * @param runRows how many rows to sort in memory before writing them as a run
     * @param directory where runs are written (created if need be); they are deleted on close
     * @param meter the query's share of the heap budget: a run is also written when the rows in
     *     memory reach half of it
     */
    SpillingSort(Comparator<Row> byOrder, int runRows, Path directory, MemoryBudget.Meter meter) {
        this.meter = meter;
        this.byOrder = byOrder;
        this.order =
                Comparator.comparing(Arrived::row, byOrder).thenComparingLong(Arrived::sequence);
        this.runRows = Math.max(1, runRows);
        this.directory = directory;
    }

    void add(Row row) {
        buffer.add(new Arrived(row, arrivals++));
        if (meter.limited()) {
            bufferedBytes += MemoryBudget.estimate(row);
        }
        if (buffer.size() >= runRows || bufferedBytes >= meter.limit() / 2) {
            buffer.sort(order);
            runs.add(write(buffer.iterator()));
            buffer.clear();
            bufferedBytes = 0;
        }
    }

    /** How many runs went to disk so far. */
    int spilledRuns() {
        return runs.size();
    }

    /** Rows held in memory now. */
    int bufferedRows() {
        return buffer.size();
    }

    /** Hands every row to {@code out} in order; once. */
    void forEachSorted(Consumer<Row> out) {
        buffer.sort(order);
        while (runs.size() + 1 > FAN_IN) {
            List<Path> group = new ArrayList<>(runs.subList(0, FAN_IN));
            Path merged;
            try (Merge merge = new Merge(group, List.<Arrived>of().iterator())) {
                merged = write(merge);
            }
            runs.removeAll(group);
            runs.add(merged);
            group.forEach(SpillingSort::delete);
        }
        try (Merge merge = new Merge(runs, buffer.iterator())) {
            Map<Row, Integer> ties = new LinkedHashMap<>();
            Row first = null;
            while (merge.hasNext()) {
                Row row = merge.next().row();
                if (first != null && byOrder.compare(first, row) != 0) {
                    emit(ties, out);
                    first = null;
                }
                if (first == null) {
                    first = row;
                }
                ties.merge(row, 1, Integer::sum);
            }
            emit(ties, out);
        }
    }

    private static void emit(Map<Row, Integer> ties, Consumer<Row> out) {
        ties.forEach(
                (row, count) -> {
                    for (int i = 0; i < count; i++) {
                        out.accept(row);
                    }
                });
        ties.clear();
    }

    private Path write(Iterator<Arrived> sorted) {
        Path file = null;
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "weir-sort-", ".run");
            try (SpillFile.Writer writer = new SpillFile.Writer(file)) {
                while (sorted.hasNext()) {
                    Arrived next = sorted.next();
                    writer.write(next.row(), next.sequence());
                }
            }
            return file;
        } catch (IOException e) {
            if (file != null) {
                delete(file);
            }
            throw Errors.cannotWrite(
                    "a sorted run of the query's rows to '" + directory + "'",
                    "The query was not answered.",
                    e);
        }
    }

    /** A k-way merge of runs and the rows still in memory, by ORDER BY and arrival. */
    private final class Merge implements Iterator<Arrived>, AutoCloseable {
        private record Head(Arrived arrived, Iterator<Arrived> from) {}

        private final List<SpillFile.Reader> readers = new ArrayList<>();
        private final PriorityQueue<Head> heads =
                new PriorityQueue<>(Comparator.comparing(Head::arrived, order));

        Merge(List<Path> files, Iterator<Arrived> inMemory) {
            for (Path file : files) {
                SpillFile.Reader reader;
                try {
                    reader = new SpillFile.Reader(file);
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException("Cannot read the sort run '" + file + "'.", e);
                }
                readers.add(reader);
                Iterator<Arrived> rows = iterate(reader);
                advance(rows);
            }
            advance(inMemory);
        }

        private Iterator<Arrived> iterate(SpillFile.Reader reader) {
            return new Iterator<>() {
                private Arrived next = reader.next();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Arrived next() {
                    Arrived current = next;
                    next = reader.next();
                    return current;
                }
            };
        }

        private void advance(Iterator<Arrived> from) {
            if (from.hasNext()) {
                heads.add(new Head(from.next(), from));
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public Arrived next() {
            Head head = heads.poll();
            advance(head.from());
            return head.arrived();
        }

        @Override
        public void close() {
            for (SpillFile.Reader reader : readers) {
                try {
                    reader.close();
                } catch (IOException e) {
                    // a reader's close frees a file handle; nothing to do if it fails
                }
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind; the data directory's state/ is emptied on start
        }
    }

    /** Deletes every run. */
    @Override
    public void close() {
        runs.forEach(SpillingSort::delete);
        runs.clear();
        buffer.clear();
        bufferedBytes = 0;
    }
}
