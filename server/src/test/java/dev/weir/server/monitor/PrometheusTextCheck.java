package dev.weir.server.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an exposition in Prometheus' text format (0.0.4) by the rules its parsers enforce, for
 * where {@code promtool} is not installed: every family has one HELP and one TYPE, before its
 * samples; a family's samples are together (interleaved families are what made Python's {@code
 * prometheus_client} parser mis-type them); each sample's name belongs to its family; names and
 * labels are well formed; no series twice; values parse; counters end in {@code _total}, other
 * kinds do not (promtool's lint).
 */
final class PrometheusTextCheck {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? ([^ ]+)( -?[0-9]+)?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Set<String> TYPES =
            Set.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusTextCheck() {}

    /** The problems found, one line each; empty if none. */
    static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helps = new HashSet<>();
        Set<String> closed = new HashSet<>();
        Set<String> series = new HashSet<>();
        String current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            String at = "line " + n + ": ";
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                String family = parts[0];
                if (!NAME.matcher(family).matches()) {
                    problems.add(at + "bad metric name '" + family + "'");
                }
                if (!family.equals(current)) {
                    if (current != null) {
                        closed.add(current);
                    }
                    if (closed.contains(family)) {
                        problems.add(at + "family " + family + " appears again after others");
                    }
                    current = family;
                }
                if (line.startsWith("# HELP ")) {
                    if (!helps.add(family)) {
                        problems.add(at + "second HELP for " + family);
                    }
                    if (parts.length < 2 || parts[1].isBlank()) {
                        problems.add(at + "empty HELP for " + family);
                    }
                } else {
                    String type = parts.length < 2 ? "" : parts[1];
                    if (!TYPES.contains(type)) {
                        problems.add(at + "unknown TYPE '" + type + "'");
                    }
                    if (types.put(family, type) != null) {
                        problems.add(at + "second TYPE for " + family);
                    }
                    if (type.equals("counter") != family.endsWith("_total")) {
                        problems.add(
                                at
                                        + family
                                        + ": only a counter's name ends in _total ("
                                        + type
                                        + ")");
                    }
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue; // a comment
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                problems.add(at + "not a sample: " + line);
                continue;
            }
            String name = m.group(1);
            String family = familyOf(name, current, types);
            if (family == null) {
                problems.add(at + "sample " + name + " outside its family's HELP and TYPE");
                continue;
            }
            if (!helps.contains(family)) {
                problems.add(at + "family " + family + " has no HELP");
            }
            String labels = m.group(3) == null ? "" : m.group(3);
            Set<String> labelNames = new HashSet<>();
            Matcher l = LABEL.matcher(labels);
            int end = 0;
            while (end < labels.length() && l.find(end) && l.start() == end) {
                if (!labelNames.add(l.group(1))) {
                    problems.add(at + "label " + l.group(1) + " twice");
                }
                end = l.end();
            }
            if (end != labels.length()) {
                problems.add(at + "malformed labels {" + labels + "}");
            }
            if (!series.add(name + "{" + labels + "}")) {
                problems.add(at + "series twice: " + name + "{" + labels + "}");
            }
            String value = m.group(4);
            if (!value.equals("+Inf") && !value.equals("-Inf") && !value.equals("NaN")) {
                try {
                    Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    problems.add(at + "value '" + value + "' is not a number");
                }
            }
        }
        return problems;
    }

    /** The family a sample belongs to: the current one, if its name is one of the family's. */
    private static String familyOf(String name, String current, Map<String, String> types) {
        if (current == null || !types.containsKey(current)) {
            return null;
        }
        String type = types.get(current);
        boolean matches =
                switch (type) {
                    case "histogram" ->
                            name.equals(current + "_bucket")
                                    || name.equals(current + "_sum")
                                    || name.equals(current + "_count");
                    case "summary" ->
                            name.equals(current)
                                    || name.equals(current + "_sum")
                                    || name.equals(current + "_count");
                    default -> name.equals(current);
                };
        return matches ? current : null;
    }
}
