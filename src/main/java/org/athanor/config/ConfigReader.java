package org.athanor.config;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.athanor.config.YamlDocument.Entry;
import org.athanor.config.YamlDocument.Location;
import org.athanor.config.YamlDocument.Mapping;
import org.athanor.config.YamlDocument.Node;
import org.athanor.config.YamlDocument.Scalar;
import org.athanor.config.YamlDocument.Sequence;

/**
 * Reads typed values out of a {@link YamlDocument} tree and collects every problem with its location.
 *
 * <p>A reader method that meets a problem records it and returns the default (or {@code null}), so that one
 * pass reports all the problems of a file; {@link #throwIfAny()} then throws them together, in file order.
 */
final class ConfigReader {

    private record Problem(int line, int column, String text) {}

    private final String file;
    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();

    ConfigReader(String file, Path baseDir) {
        this.file = file;
        this.baseDir = baseDir;
    }

    /** Return a reader over the root mapping, which may hold only {@code known} keys. */
    Section root(Mapping root, List<String> known) {
        return new Section("", root, Location.START, known);
    }

    /** Record a problem at {@code at}; {@code text} starts with the key path. */
    void problem(Location at, String text) {
        problems.add(new Problem(at.line(), at.column(), text));
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Throw every recorded problem, one per line in the order of the file. */
    void throwIfAny() {
        if (problems.isEmpty()) return;
        throw new ConfigException(problems.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .map(p -> file + ":" + p.line() + ":" + p.column() + ": " + p.text())
                .distinct()
                .collect(Collectors.joining("\n")));
    }

    /** One mapping of the file, or an absent one, seen at its key path. */
    final class Section {
        private final String path;
        private final Mapping map;
        private final Location anchor;
        private boolean broken;   // the file holds something else than a mapping here, already reported

        private Section(String path, Mapping map, Location anchor, List<String> known) {
            this.path = path;
            this.map = map;
            this.anchor = anchor;
            if (map == null) return;
            for (Entry e : map.entries().values()) {
                if (known.contains(e.key())) continue;
                String hint = Suggestions.nearest(e.key(), known)
                        .map(s -> "Did you mean '" + s + "'?")
                        .orElse(known.isEmpty() ? "This section takes no keys." : "Known keys here: " + String.join(", ", known) + ".");
                problem(e.keyLocation(), keyPath(e.key()) + ": unknown key. " + hint);
            }
        }

        String keyPath(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        /** Return whether the file sets {@code key} to something other than null. */
        boolean has(String key) {
            return value(key) != null;
        }

        /** Return the nested mapping at {@code key}; absent or null reads as an empty section. */
        Section section(String key, List<String> known) {
            Entry e = map == null ? null : map.entries().get(key);
            if (e == null) {
                Section absent = new Section(keyPath(key), null, anchor, known);
                absent.broken = broken;
                return absent;
            }
            if (e.value() instanceof Mapping m) return new Section(keyPath(key), m, e.keyLocation(), known);
            Section section = new Section(keyPath(key), null, e.keyLocation(), known);
            if (!(e.value() instanceof Scalar s && s.isNull())) {
                typeError(key, e.value(), "a mapping of keys on the indented lines below", null);
                section.broken = true;
            }
            section.broken |= broken;
            return section;
        }

        /** Return the text at {@code key} (any scalar), {@code def} when absent, or report it missing when {@code def} is null. */
        String string(String key, String def, String example) {
            Node v = value(key);
            if (v == null) {
                if (def == null) missing(key, "", example);
                return def;
            }
            if (v instanceof Scalar s) return s.text();
            typeError(key, v, "text", example);
            return def;
        }

        /** Return one of {@code allowed} at {@code key}, or {@code def} when absent (missing when {@code def} is null). */
        String choice(String key, List<String> allowed, String def, String example) {
            String s = string(key, def, example);
            if (s == null || allowed.contains(s)) return s;
            typeError(key, value(key), "one of " + String.join(", ", allowed), example);
            return def != null ? def : allowed.get(0);
        }

        /** Return the whole number at {@code key} within {@code min..max}, or {@code def} when absent. */
        Integer integer(String key, long min, long max, Integer def, String example) {
            Long n = number(key, min, max, def == null ? null : (long) def, example,
                    max == Integer.MAX_VALUE ? "a whole number, " + min + " or more" : "a whole number from " + min + " to " + max);
            return n == null ? null : n.intValue();
        }

        /** Return the whole number of seconds at {@code key}, at least {@code min}, or {@code def} when absent. */
        Duration seconds(String key, long min, Duration def, String example) {
            Long n = number(key, min, Long.MAX_VALUE / 1000, def == null ? null : def.toSeconds(), example,
                    "a whole number of seconds, " + min + " or more");
            return n == null ? null : Duration.ofSeconds(n);
        }

        private Long number(String key, long min, long max, Long def, String example, String expected) {
            Node v = value(key);
            if (v == null) {
                if (def == null) missing(key, "", example);
                return def;
            }
            if (v instanceof Scalar s && s.text().matches("[+-]?[0-9]{1,18}")) {
                long n = Long.parseLong(s.text().startsWith("+") ? s.text().substring(1) : s.text());
                if (n >= min && n <= max) return n;
            }
            typeError(key, v, expected, example);
            return def != null ? def : min;
        }

        /** Return the whole number at {@code key}, at least {@code min}, or {@code def} when absent. */
        long longValue(String key, long min, long def, String example) {
            Long n = number(key, min, Long.MAX_VALUE, def, example, "a whole number, " + min + " or more");
            return n == null ? def : n;
        }

        /** Return the mapping of texts at {@code key} (any keys), empty when absent. */
        java.util.Map<String, String> stringMap(String key, String example) {
            Node v = value(key);
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            if (v == null) return out;
            if (!(v instanceof Mapping m)) {
                typeError(key, v, "a mapping of names to texts", example);
                return out;
            }
            for (Entry e : m.entries().values()) {
                if (e.value() instanceof Scalar s && !s.isNull()) out.put(e.key(), s.text());
                else problem(e.value().location(), keyPath(key) + "." + e.key() + ": expected text, found " + found(e.value()) + ".");
            }
            return out;
        }

        /** Return the list of texts at {@code key} (any values), empty when absent. */
        List<String> texts(String key, String example) {
            Node v = value(key);
            if (v == null) return List.of();
            if (!(v instanceof Sequence seq)) {
                typeError(key, v, "a list of texts", example);
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (Node item : seq.items()) {
                if (item instanceof Scalar s && !s.isNull()) out.add(s.text());
                else problem(item.location(), keyPath(key) + ": expected text, found " + found(item) + ". Example: " + key + ": " + example);
            }
            return out;
        }

        /**
         * Return the list at {@code key} with each item read by {@code parse}, empty when absent; an item that
         * {@code parse} refuses (with a {@link ConfigException}) is reported at its own line.
         */
        <T> List<T> list(String key, String example, java.util.function.Function<String, T> parse) {
            List<T> out = new ArrayList<>();
            Node v = value(key);
            if (v == null) return out;
            if (!(v instanceof Sequence seq)) {
                typeError(key, v, "a list", example);
                return out;
            }
            for (Node item : seq.items()) {
                if (!(item instanceof Scalar s) || s.isNull()) {
                    problem(item.location(), keyPath(key) + ": expected text, found " + found(item) + ". Example: " + key + ": " + example);
                    continue;
                }
                try {
                    out.add(parse.apply(s.text()));
                } catch (ConfigException e) {
                    problem(item.location(), keyPath(key) + ": " + e.getMessage());
                }
            }
            return out;
        }

        /** Return the mappings listed at {@code key}, each holding only {@code known} keys; empty when absent. */
        List<Section> sections(String key, List<String> known, String example) {
            Node v = value(key);
            if (v == null) return List.of();
            if (!(v instanceof Sequence seq)) {
                typeError(key, v, "a list of mappings", example);
                return List.of();
            }
            List<Section> out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                Node item = seq.items().get(i);
                if (item instanceof Mapping m) out.add(new Section(keyPath(key) + "[" + i + "]", m, item.location(), known));
                else problem(item.location(), keyPath(key) + "[" + i + "]: expected a mapping, found " + found(item) + ". Example: " + example);
            }
            return out;
        }

        /** Return the boolean at {@code key}, or {@code def} when absent. */
        boolean bool(String key, boolean def) {
            Node v = value(key);
            if (v == null) return def;
            if (v instanceof Scalar s && s.token() == JsonToken.VALUE_TRUE) return true;
            if (v instanceof Scalar s && s.token() == JsonToken.VALUE_FALSE) return false;
            typeError(key, v, "true or false", String.valueOf(def));
            return def;
        }

        /** Return the path at {@code key} resolved against the base folder; null when absent and not required. */
        Path path(String key, boolean required, String condition, String example) {
            Node v = value(key);
            if (v == null) {
                if (required) missing(key, condition, example);
                return null;
            }
            String s = v instanceof Scalar sc ? sc.text() : null;
            if (s == null || s.isBlank()) {
                typeError(key, v, "a file system path", example);
                return null;
            }
            try {
                return baseDir.resolve(s).normalize();
            } catch (InvalidPathException e) {
                typeError(key, v, "a file system path (" + e.getReason() + ")", example);
                return null;
            }
        }

        /** Return the list of texts at {@code key}, each one of {@code allowed}; {@code def} when absent. */
        List<String> strings(String key, List<String> allowed, List<String> def, String example) {
            Node v = value(key);
            if (v == null) return def;
            String expected = "a list of one or more of " + String.join(", ", allowed);
            if (!(v instanceof Sequence seq) || seq.items().isEmpty()) {
                typeError(key, v, expected, example);
                return def;
            }
            List<String> out = new ArrayList<>();
            for (Node item : seq.items()) {
                if (item instanceof Scalar s && allowed.contains(s.text())) {
                    if (!out.contains(s.text())) out.add(s.text());
                } else {
                    problem(item.location(), keyPath(key) + ": expected one of " + String.join(", ", allowed)
                            + ", found " + found(item) + ". Example: " + key + ": " + example);
                }
            }
            return out.isEmpty() ? def : List.copyOf(out);
        }

        /** Record that {@code key} is required but absent; {@code condition} e.g. {@code " when driver is h2"}. */
        void missing(String key, String condition, String example) {
            if (broken) return;
            Entry e = map == null ? null : map.entries().get(key);
            problem(e != null ? e.keyLocation() : anchor,
                    keyPath(key) + " is required" + condition + "." + (example == null ? "" : " Example: " + key + ": " + example));
        }

        /**
         * Record a problem with this section as a whole, unless problems were already recorded (a record's own
         * check then often repeats one of them); {@code text} starts with a key path.
         */
        void reportUnlessOthers(String text) {
            if (!hasProblems()) problem(anchor, text);
        }

        /** Record a problem with the value at {@code key}. */
        void invalid(String key, String text) {
            Entry e = map == null ? null : map.entries().get(key);
            problem(e == null ? anchor : e.value().location(), keyPath(key) + ": " + text);
        }

        /** Record that the value at {@code key} is not what was {@code expected}. */
        void typeError(String key, Node value, String expected, String example) {
            Location at = value == null ? anchor : value.location();
            problem(at, keyPath(key) + ": expected " + expected + ", found " + found(value) + "."
                    + (example == null ? "" : " Example: " + key + ": " + example));
        }

        private Node value(String key) {
            Entry e = map == null ? null : map.entries().get(key);
            if (e == null || e.value() instanceof Scalar s && s.isNull()) return null;
            return e.value();
        }
    }

    private static String found(Node v) {
        if (v == null) return "nothing";
        if (v instanceof Mapping) return "a mapping";
        if (v instanceof Sequence) return "a list";
        Scalar s = (Scalar) v;
        return s.isNull() ? "nothing" : "'" + s.text() + "'";
    }
}
