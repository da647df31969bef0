package dev.weir.executor.operator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live figures of one operator: written by its thread, read by any (SHOW QUERIES, /metrics). */
public final class OperatorMetrics {
    private final String operatorId;
    private final LongAdder rowsIn = new LongAdder();
    private final LongAdder rowsOut = new LongAdder();
    private final LongAdder lateRowsDropped = new LongAdder();
    private final LongAdder nullTimeRowsDropped = new LongAdder();
    private final AtomicLong watermark = new AtomicLong(Watermarks.NONE);
    private final AtomicLong stateSizeBytes = new AtomicLong();
    private final AtomicLong malformedRecords = new AtomicLong();

    public OperatorMetrics(String operatorId) {
        this.operatorId = operatorId;
    }

    public String operatorId() {
        return operatorId;
    }

    public void rowIn() {
        rowsIn.increment();
    }

    public void rowOut() {
        rowsOut.increment();
    }

    public void lateRowDropped() {
        lateRowsDropped.increment();
    }

    public void nullTimeRowDropped() {
        nullTimeRowsDropped.increment();
    }

    public void watermark(long value) {
        watermark.set(value);
    }

    public void stateSizeBytes(long value) {
        stateSizeBytes.set(value);
    }

    /** For a source: how many of its records could not be decoded and were skipped. */
    public void malformedRecords(long value) {
        malformedRecords.set(value);
    }

    public long malformedRecords() {
        return malformedRecords.get();
    }

    public long rowsIn() {
        return rowsIn.sum();
    }

    public long rowsOut() {
        return rowsOut.sum();
    }

    public long lateRowsDropped() {
        return lateRowsDropped.sum();
    }

    public long nullTimeRowsDropped() {
        return nullTimeRowsDropped.sum();
    }

    public long watermark() {
        return watermark.get();
    }

    public long stateSizeBytes() {
        return stateSizeBytes.get();
    }
}
