package dev.weir.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatnessTest {
    private static final Flatness.Tolerance THREADS =
            new Flatness.Tolerance("threads", 0, 4, "", 1);

    private static List<Sample> threads(long... values) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new Sample(60L * (i + 1), 0, 0, values[i], 0, 0, 0, 0, 0, 0));
        }
        return samples;
    }

    @Test
    void aSeriesWithinItsMarginIsFlat() {
        Flatness f =
                Flatness.judge(
                        threads(50, 52, 51, 53, 50, 54, 52, 51, 53), THREADS, Sample::threads);
        // thirds: {50, 52, 51} -> 51, {52, 51, 53} -> 52
        assertThat(f.first()).isEqualTo(51.0);
        assertThat(f.last()).isEqualTo(52.0);
        assertThat(f.allowed()).isEqualTo(4.0);
        assertThat(f.flat()).isTrue();
    }

    @Test
    void aSteadyClimbIsNotFlat() {
        Flatness f =
                Flatness.judge(
                        threads(50, 51, 52, 53, 54, 55, 56, 57, 58), THREADS, Sample::threads);
        assertThat(f.first()).isEqualTo(51.0);
        assertThat(f.last()).isEqualTo(57.0);
        // one thread a minute: 60 an hour
        assertThat(f.slopePerHour()).isCloseTo(60.0, within(1e-9));
        assertThat(f.flat()).isFalse();
    }

    @Test
    void oneSpikeDoesNotDecide() {
        Flatness f =
                Flatness.judge(
                        threads(50, 50, 50, 50, 90, 50, 50, 50, 50), THREADS, Sample::threads);
        assertThat(f.first()).isEqualTo(50.0);
        assertThat(f.last()).isEqualTo(50.0);
        assertThat(f.slopePerHour()).isCloseTo(0.0, within(1e-9));
        assertThat(f.flat()).isTrue();
    }

    @Test
    void relativeToleranceScalesWithTheFirstThird() {
        Flatness.Tolerance heap = new Flatness.Tolerance("heap", 0.10, 16, "B", 1);
        List<Sample> samples = new ArrayList<>();
        long[] heaps = {100, 100, 100, 126, 126, 126};
        for (int i = 0; i < heaps.length; i++) {
            samples.add(new Sample(i, 0, heaps[i], 0, 0, 0, 0, 0, 0, 0));
        }
        Flatness f = Flatness.judge(samples, heap, Sample::heapAfterGcBytes);
        assertThat(f.allowed()).isEqualTo(26.0);
        assertThat(f.flat()).isTrue(); // 26 more is exactly what 10% + 16 allows
        samples.set(5, new Sample(5, 0, 127, 0, 0, 0, 0, 0, 0, 0));
        samples.set(4, new Sample(4, 0, 127, 0, 0, 0, 0, 0, 0, 0));
        assertThat(Flatness.judge(samples, heap, Sample::heapAfterGcBytes).flat()).isFalse();
    }

    @Test
    void prometheusTextSumsAndMaxes() {
        String text =
                "# HELP jvm_memory_used_bytes Used bytes\n"
                        + "jvm_memory_used_bytes{area=\"heap\"} 1.5E7\n"
                        + "jvm_memory_used_bytes{area=\"nonheap\"} 4000000.0\n"
                        + "weir_query_rows_in_total{query=\"q1\"} 10.0\n"
                        + "weir_query_rows_in_total{query=\"q2\"} 32.0\n"
                        + "weir_query_rows_in_created{query=\"q2\"} 1.7E9\n"
                        + "weir_query_watermark_lag_seconds{query=\"q1\"} 4.5\n"
                        + "weir_query_watermark_lag_seconds{query=\"q2\"} 6.25\n";
        assertThat(PrometheusText.sum(text, "jvm_memory_used_bytes", "area=\"heap\""))
                .isEqualTo(1.5e7);
        assertThat(PrometheusText.sum(text, "weir_query_rows_in", "")).isEqualTo(42.0);
        assertThat(PrometheusText.max(text, "weir_query_watermark_lag_seconds")).isEqualTo(6.25);
        assertThat(PrometheusText.max(text, "weir_absent")).isEqualTo(0.0);
    }

    @Test
    void procStatusFields() {
        String status = "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t42\n";
        assertThat(ProcessSampler.statusField(status, "VmRSS")).isEqualTo(123456);
        assertThat(ProcessSampler.statusField(status, "Threads")).isEqualTo(42);
    }
}
