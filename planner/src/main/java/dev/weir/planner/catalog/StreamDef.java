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
 * @param watermarkColumn the event-time attribute, or null
 * @param watermarkDelayMillis how far the watermark trails the largest time seen
 */
public record StreamDef(
        String name,
        List<ColumnDef> columns,
        String watermarkColumn,
        long watermarkDelayMillis,
        Map<String, String> options)
        implements CatalogObject {
    public StreamDef {
        requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
        options = Map.copyOf(options);
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
