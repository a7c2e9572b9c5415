package org.athanor.config;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.athanor.core.ErrorCode;
import org.athanor.files.AtomicFiles;
import org.athanor.config.YamlDocument.Entry;
import org.athanor.config.YamlDocument.Mapping;
import org.athanor.config.YamlDocument.Node;
import org.athanor.config.YamlDocument.Scalar;

/**
 * Writes {@code configuration.yml}: whole files atomically, or one value in place keeping the rest of the text.
 *
 * <p>Every write goes through {@link AtomicFiles} with mode 0600 (owner only) on POSIX systems: a reader sees the old
 * file or the new one, never half of one. When the file is a symbolic link, its target is replaced.
 */
public final class ConfigWriter {
    private ConfigWriter() {}

    /**
     * Replace {@code file}'s content with {@code yamlText} atomically, with mode 0600.
     *
     * @throws ConfigException with code {@link ErrorCode#IO} when writing fails; the old file is then untouched
     */
    public static void write(Path file, String yamlText) {
        try {
            AtomicFiles.write(file, yamlText, AtomicFiles.Permissions.OWNER_ONLY);
        } catch (IOException e) {
            throw new ConfigException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage()
                    + ". Check that the folder exists and is writable by the user running Athanor. The file was not changed.", e);
        }
    }

    /**
     * Set one scalar of {@code file}, keeping every comment, blank line and the order of everything else.
     *
     * <p>{@code keyPath} is dotted, e.g. {@code main.maintenance} or {@code registry.maintenance.message}. When the
     * key is absent it is added at the end of its parent mapping, creating the parents as needed. The changed
     * text must load with {@link ConfigLoader}; if it does not, nothing is written.
     *
     * @param value a {@link String}, {@link Boolean}, whole number, {@link Duration} (written in seconds),
     *        {@link Path}, {@link DatabaseDriver} or {@code null}
     * @throws ConfigException with code {@link ErrorCode#BAD_ARGUMENT} when the key holds a mapping or list, or
     *         cannot be edited in place, {@link ErrorCode#CONFIG_INVALID} when the result would not load,
     *         {@link ErrorCode#NOT_INSTALLED} when there is no file
     */
    public static void setValue(Path file, String keyPath, Object value) {
        String text = readForEdit(file);
        String label = file.toAbsolutePath().normalize().toString();
        String updated = withValue(text, label, keyPath, value);
        try {
            ConfigLoader.parse(updated, file);
        } catch (ConfigException e) {
            throw new ConfigException(ErrorCode.CONFIG_INVALID, "Setting " + keyPath + " to " + render(value) + " would leave "
                    + label + " invalid, so nothing was written:\n" + e.getMessage(), e);
        }
        write(file, updated);
    }

    private static String readForEdit(Path target) {
        try {
            return Files.readString(target, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(ErrorCode.NOT_INSTALLED,
                    "No configuration at " + target.toAbsolutePath() + ". Install Athanor first: bin/setup system:install", e);
        } catch (IOException e) {
            throw new ConfigException(ErrorCode.IO, "Cannot read " + target.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Set several scalars of {@code file} in one atomic write, as {@link #setValue} does for one: a reader sees all
     * the changes or none.
     *
     * @param values key paths to values, applied in order
     */
    public static void setValues(Path file, java.util.Map<String, Object> values) {
        String text = readForEdit(file);
        String label = file.toAbsolutePath().normalize().toString();
        String updated = text;
        for (var e : values.entrySet()) updated = withValue(updated, label, e.getKey(), e.getValue());
        try {
            ConfigLoader.parse(updated, file);
        } catch (ConfigException e) {
            throw new ConfigException(ErrorCode.CONFIG_INVALID, "Setting " + values.keySet() + " would leave "
                    + label + " invalid, so nothing was written:\n" + e.getMessage(), e);
        }
        write(file, updated);
    }

    /** Return {@code text} with the scalar at {@code keyPath} set to {@code value}; see {@link #setValue}. */
    static String withValue(String text, String fileLabel, String keyPath, Object value) {
        String[] keys = keyPath.split("\\.", -1);
        for (String k : keys) {
            if (k.isEmpty() || !k.matches("[A-Za-z0-9_-]+")) {
                throw new ConfigException(ErrorCode.BAD_ARGUMENT, "'" + keyPath + "' is not a key path: give keys of letters, "
                        + "digits, '_' and '-' joined by dots, e.g. main.maintenance");
            }
        }
        String rendered = render(value);
        Mapping root = YamlDocument.parse(text, fileLabel);
        Mapping current = root;
        Entry parent = null;
        for (int i = 0; i < keys.length; i++) {
            Entry e = current.entries().get(keys[i]);
            String soFar = String.join(".", Arrays.copyOf(keys, i + 1));
            if (e == null) {
                if (current.flow()) throw cannotEdit(keyPath, soFar.substring(0, Math.max(0, soFar.lastIndexOf('.'))) + " is written on one line ({...})");
                int indent = current.entries().isEmpty() ? 0 : firstKeyIndent(current);
                return insert(text, current.contentEnd(), indent, unit(root, parent, indent), keys, i, rendered);
            }
            Node v = e.value();
            if (i == keys.length - 1) {
                if (!(v instanceof Scalar s)) {
                    throw new ConfigException(ErrorCode.BAD_ARGUMENT, keyPath + " holds " + (v instanceof Mapping ? "a mapping" : "a list")
                            + ", not a single value; set one of its keys instead");
                }
                return replace(text, e, s, keyPath, rendered);
            }
            if (v instanceof Mapping m && !m.flow() && !m.entries().isEmpty()) {
                current = m;
                parent = e;
            } else if (v instanceof Scalar s && s.isNull() && s.location().start() == s.location().end()) {
                int indent = e.keyLocation().column() - 1;
                return insert(text, e.keyLocation().end(), indent + unit(root, parent, indent), unit(root, parent, indent), keys, i + 1, rendered);
            } else {
                throw cannotEdit(keyPath, soFar + " is not a mapping written on indented lines");
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Return {@code value} as a YAML scalar: strings and paths single-quoted (double-quoted when they hold control characters). */
    static String render(Object value) {
        if (value == null) return "null";
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Duration d) return Long.toString(d.toSeconds());
        if (value instanceof DatabaseDriver d) return d.yamlName();
        if (value instanceof String || value instanceof Path) return quote(value.toString());
        throw new ConfigException(ErrorCode.BAD_ARGUMENT, "Cannot write a " + value.getClass().getName()
                + " into configuration.yml: give a String, Boolean, whole number, Duration, Path or null");
    }

    /** Return {@code s} as a quoted YAML string that reads back exactly as {@code s}. */
    static String quote(String s) {
        boolean control = s.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029);
        if (!control) return "'" + s.replace("'", "''") + "'";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static String replace(String text, Entry e, Scalar s, String keyPath, String rendered) {
        int start = s.location().start();
        int end = s.location().end();
        if (start == end) return text.substring(0, start) + " " + rendered + text.substring(end);
        if (s.location().line() != e.keyLocation().line() || text.substring(start, end).indexOf('\n') >= 0) {
            throw cannotEdit(keyPath, "its value spans several lines");
        }
        char first = text.charAt(start);
        if (first == '|' || first == '>' || first == '&' || first == '!' || first == '*') {
            throw cannotEdit(keyPath, "its value uses a YAML block, anchor, alias or tag");
        }
        return text.substring(0, start) + rendered + text.substring(end);
    }

    private static String insert(String text, int after, int indent, int unit, String[] keys, int from, String rendered) {
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        int lineEnd = text.indexOf('\n', after);
        int at = lineEnd < 0 ? text.length() : lineEnd + 1;
        StringBuilder lines = new StringBuilder();
        if (lineEnd < 0 && !text.isEmpty()) lines.append(newline);
        for (int j = from; j < keys.length; j++) {
            lines.append(" ".repeat(indent + (j - from) * unit)).append(keys[j]).append(':');
            if (j == keys.length - 1) lines.append(' ').append(rendered);
            lines.append(newline);
        }
        return text.substring(0, at) + lines + text.substring(at);
    }

    private static int firstKeyIndent(Mapping m) {
        return m.entries().values().iterator().next().keyLocation().column() - 1;
    }

    /** Return the indentation step of the file: the parent's if known, else the first nested mapping's, else 4. */
    private static int unit(Mapping root, Entry parent, int indent) {
        if (parent != null && indent > parent.keyLocation().column() - 1) return indent - (parent.keyLocation().column() - 1);
        for (Entry e : root.entries().values()) {
            if (e.value() instanceof Mapping m && !m.flow() && !m.entries().isEmpty()) {
                int step = firstKeyIndent(m) - (e.keyLocation().column() - 1);
                if (step > 0) return step;
            }
        }
        return 4;
    }

    private static ConfigException cannotEdit(String keyPath, String why) {
        return new ConfigException(ErrorCode.BAD_ARGUMENT, "Cannot set " + keyPath + " in place: " + why
                + ". Edit configuration.yml by hand.");
    }
}
