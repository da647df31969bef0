package dev.weir.benchmarks.soak;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether a sampled series stayed flat: the median of its last third against the median of its
 * first third (medians, so one sample caught mid-compaction or mid-checkpoint does not decide), and
 * the least-squares slope, projected over the run, as a second look at the trend.
 *
 * <p>A series is flat when its growth (last-third median minus first-third median) is at most
 * {@code relative * first + absolute}, and the slope projected over the whole run is at most twice
 * that (a fitted slope is noisier than medians of thirds; twice catches a steady climb without
 * failing on noise).
 */
record Flatness(
        String series,
        double first,
        double last,
        double slopePerHour,
        double allowed,
        boolean flat) {

    /**
     * The tolerance of one series: a fraction of its first-third median plus an absolute margin.
     */
    record Tolerance(String series, double relative, double absolute, String unit, double scale) {
        Tolerance {
            if (relative < 0 || absolute < 0) {
                throw new IllegalArgumentException("a tolerance is not negative");
            }
        }

        /** What the report says of this tolerance. */
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s: last-third median <= first-third median %s+ %.0f %s",
                    series,
                    relative == 0 ? "" : String.format(Locale.ROOT, "* %.2f ", 1 + relative),
                    absolute / scale,
                    unit);
        }
    }

    static Flatness judge(
            List<Sample> samples, Tolerance tolerance, ToDoubleFunction<Sample> figure) {
        int n = samples.size();
        if (n < 3) {
            throw new IllegalArgumentException("a verdict needs at least three samples");
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = samples.get(i).seconds();
            y[i] = figure.applyAsDouble(samples.get(i));
        }
        int third = n / 3;
        double first = median(Arrays.copyOfRange(y, 0, third));
        double last = median(Arrays.copyOfRange(y, n - third, n));
        double slope = slope(x, y); // per second
        double span = x[n - 1] - x[0];
        double allowed = tolerance.relative() * first + tolerance.absolute();
        boolean flat = last - first <= allowed && slope * span <= 2 * allowed;
        return new Flatness(tolerance.series(), first, last, slope * 3600, allowed, flat);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** The least-squares slope of y over x. */
    static double slope(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /** One line of the verdict, in the series' unit. */
    String line(Tolerance tolerance) {
        double s = tolerance.scale();
        return String.format(
                Locale.ROOT,
                "%-14s first-third median %10.1f  last-third median %10.1f  slope %+9.1f/h"
                        + "  allowed growth %8.1f %-3s  %s",
                series,
                first / s,
                last / s,
                slopePerHour / s,
                allowed / s,
                tolerance.unit(),
                flat ? "FLAT" : "GROWING");
    }
}
