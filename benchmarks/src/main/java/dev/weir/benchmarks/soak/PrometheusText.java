package dev.weir.benchmarks.soak;

/** Reads figures from the Prometheus text format that {@code /metrics} serves. */
final class PrometheusText {
    private PrometheusText() {}

    /**
     * The sum of every series of {@code metric} whose labels contain {@code labelFilter} ("" for
     * all); a counter's {@code _total} series counts as the metric's.
     */
    static double sum(String text, String metric, String labelFilter) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Double v = value(line, metric, labelFilter);
            if (v != null) {
                sum += v;
            }
        }
        return sum;
    }

    /** The largest value of any series of {@code metric}, 0 when there is none. */
    static double max(String text, String metric) {
        double max = 0;
        for (String line : text.split("\n")) {
            Double v = value(line, metric, "");
            if (v != null) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    private static Double value(String line, String metric, String labelFilter) {
        if (line.startsWith("#")) {
            return null;
        }
        String name;
        if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
            name = metric;
        } else if (line.startsWith(metric + "_total{") || line.startsWith(metric + "_total ")) {
            name = metric + "_total";
        } else {
            return null;
        }
        int end = line.indexOf('}');
        String labels = end < 0 ? "" : line.substring(name.length(), end + 1);
        if (!labels.contains(labelFilter)) {
            return null;
        }
        String rest = line.substring(end < 0 ? name.length() : end + 1).strip();
        // "value" or "value timestamp"
        String number = rest.split(" ")[0];
        return Double.parseDouble(number);
    }
}
