package org.athanor.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.athanor.core.ErrorCode;

/**
 * The {@code configuration.yml} that {@code system:install} writes, with {@code {{name}}} placeholders for the
 * values install chooses ({@code servername}, {@code key}, {@code database.driver}, {@code storage.data}…).
 *
 * <p>{@link #render(Map)} replaces each placeholder with its value written as a YAML scalar: a whole number
 * without quotes, {@code null} for a null value, anything else as a quoted string.
 */
public final class ConfigTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z0-9_.-]+)}}");
    private static final String RESOURCE = "configuration.template.yml";

    private ConfigTemplate() {}

    /** Return the template text as shipped in the jar. */
    public static String text() {
        try (InputStream in = ConfigTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("org/athanor/config/" + RESOURCE + " is missing from the classpath: rebuild Athanor with ./mvnw package");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return the names of the template's placeholders, in the order they appear. */
    public static Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text());
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /**
     * Return the template with every placeholder replaced.
     *
     * @param values one entry per placeholder (a null value is written {@code null}, meaning "unset")
     * @throws ConfigException with code {@link ErrorCode#BAD_ARGUMENT} naming placeholders without a value, or values
     *         without a placeholder
     */
    public static String render(Map<String, String> values) {
        String template = text();
        Set<String> names = placeholders();
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(values.keySet());
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(names);
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new ConfigException(ErrorCode.BAD_ARGUMENT, "The configuration template needs a value for each of "
                    + String.join(", ", names) + "." + (missing.isEmpty() ? "" : " Missing: " + String.join(", ", missing) + ".")
                    + (unknown.isEmpty() ? "" : " Not in the template: " + String.join(", ", unknown) + "."));
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            String scalar = v == null ? "null" : v.matches("0|[1-9][0-9]{0,17}") ? v : ConfigWriter.quote(v);
            m.appendReplacement(out, Matcher.quoteReplacement(scalar));
        }
        m.appendTail(out);
        return out.toString();
    }
}
