package dev.weir.planner.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An append-only stream: internal (fed by INSERT) when it has no connector option, else read
 * through its connector.
 *
 * @param columns the stored columns: what INSERT writes and connectors decode
 * @param watermarkColumn the event-time attribute, or null
 * @param watermarkDelayMillis how far the watermark trails the largest time seen
 * @param procTimeColumn the processing-time attribute ({@code name AS PROCTIME()}), or null: not
 *     stored, its value is the wall clock when a query reads the row
 * @param procTimePosition where the processing-time attribute stands among the columns queries see
 *     (0 to the number of stored columns); ignored without one
 */
public record StreamDef(
        String name,
        List<ColumnDef> columns,
        String watermarkColumn,
        long watermarkDelayMillis,
        Map<String, String> options,
        String procTimeColumn,
        int procTimePosition)
        implements CatalogObject {
    /** The type of a processing-time attribute: the wall clock, to the millisecond. */
    public static final int PROC_TIME_PRECISION = 3;

    public StreamDef {
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
        options = Map.copyOf(options);
        if (procTimeColumn != null && (procTimePosition < 0 || procTimePosition > columns.size())) {
            throw new IllegalArgumentException("processing-time attribute out of place");
        }
    }

    /** A stream without a processing-time attribute. */
    public StreamDef(
            String name,
            List<ColumnDef> columns,
            String watermarkColumn,
            long watermarkDelayMillis,
            Map<String, String> options) {
        this(name, columns, watermarkColumn, watermarkDelayMillis, options, null, 0);
    }

    @JsonIgnore
    public Optional<String> procTime() {
        return Optional.ofNullable(procTimeColumn);
    }

    /**
     * The columns as queries see them: the stored ones with the processing-time attribute, a NOT
     * NULL {@code TIMESTAMP(3)}, at its declared place.
     */
    @Override
    @JsonIgnore
    public List<ColumnDef> queryColumns() {
        if (procTimeColumn == null) {
            return columns;
        }
        List<ColumnDef> all = new java.util.ArrayList<>(columns);
        all.add(
                procTimePosition,
                new ColumnDef(procTimeColumn, "TIMESTAMP", PROC_TIME_PRECISION, -1, false));
        return List.copyOf(all);
    }

    @JsonIgnore
    public Optional<String> watermark() {
        return Optional.ofNullable(watermarkColumn);
    }

    /** Whether events come from INSERT INTO and are kept in the data directory. */
    @JsonIgnore
    public boolean isInternal() {
        return !options.containsKey("connector");
    }

    @Override
    @JsonIgnore
    public String kindName() {
        return "STREAM";
    }
}
