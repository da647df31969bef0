package dev.weir.server.monitor;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * One metric family filled during a scrape: its name, help and kind, and the samples added to it.
 * The library writes each family whole, with its HELP and TYPE, and leaves out a family with no
 * samples.
 */
final class Family {
    private enum Kind {
        GAUGE,
        COUNTER
    }

    private record Sample(Labels labels, double value) {}

    private final String name;
    private final String help;
    private final Kind kind;
    private final List<Sample> samples = new ArrayList<>();

    private Family(String name, String help, Kind kind) {
        this.name = name;
        this.help = help;
        this.kind = kind;
    }

    static Family gauge(String name, String help) {
        return new Family(name, help, Kind.GAUGE);
    }

    /**
     * A counter; {@code name} without {@code _total}, which the text formats add (Prometheus text:
     * {@code weir_query_rows_in_total}).
     */
    static Family counter(String name, String help) {
        return new Family(name, help, Kind.COUNTER);
    }

    /**
     * Adds a sample.
     *
     * @param labels label names and values, alternating
     */
    Family add(double value, String... labels) {
        samples.add(new Sample(Labels.of(labels), value));
        return this;
    }

    MetricSnapshot snapshot() {
        return switch (kind) {
            case GAUGE -> {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
                samples.forEach(
                        s ->
                                b.dataPoint(
                                        GaugeDataPointSnapshot.builder()
                                                .labels(s.labels())
                                                .value(s.value())
                                                .build()));
                yield b.build();
            }
            case COUNTER -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
                samples.forEach(
                        s ->
                                b.dataPoint(
                                        CounterDataPointSnapshot.builder()
                                                .labels(s.labels())
                                                .value(s.value())
                                                .build()));
                yield b.build();
            }
        };
    }
}
