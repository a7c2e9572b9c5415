package org.athanor.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code border-manager}: the checks a document passes before it becomes a record, shaped like Phraseanet 4.0's.
 *
 * <p>A document failing an enabled check goes to the lazaret (quarantine) unless the operator forces it in. The
 * pixel limit is not a check but a refusal: an image declaring more pixels than {@code maxPixels} is never decoded.
 *
 * @param enabled          false turns every check off (the pixel limit still applies)
 * @param maxPixels        the most pixels (width × height) an image may declare; protects against decompression bombs
 * @param extensionMapping media type to assume per file extension (lowercase, no dot) when detection is unsure
 * @param checkers         the checks, in the order of the file
 */
public record BorderManagerConfig(boolean enabled, long maxPixels, Map<String, String> extensionMapping, List<Checker> checkers) {
    /** Pixel limit when the file sets none: 250 megapixels (e.g. 20000 × 12500). */
    public static final long DEFAULT_MAX_PIXELS = 250_000_000L;
    /** Phraseanet's defaults: sha256 and UUID duplicates checked, the other checks present but disabled. */
    public static final BorderManagerConfig DEFAULT = new BorderManagerConfig(true, DEFAULT_MAX_PIXELS, Map.of(), List.of(
            Checker.of(CheckerType.SHA256, true), Checker.of(CheckerType.UUID, true)));

    public BorderManagerConfig {
        if (maxPixels < 1) {
            throw new ConfigException("border-manager.max-pixels: expected 1 or more, found " + maxPixels + ". Example: max-pixels: 250000000");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        (extensionMapping == null ? Map.<String, String>of() : extensionMapping)
                .forEach((k, v) -> mapping.put(k.toLowerCase(Locale.ROOT), v.toLowerCase(Locale.ROOT)));
        extensionMapping = java.util.Collections.unmodifiableMap(mapping);
        checkers = List.copyOf(checkers == null ? List.of() : checkers);
    }

    /** Return the enabled checkers (none when the border manager is disabled). */
    public List<Checker> activeCheckers() {
        if (!enabled) return List.of();
        List<Checker> out = new ArrayList<>();
        for (Checker c : checkers) if (c.enabled()) out.add(c);
        return out;
    }

    /** Return the enabled checker of a type, if any. */
    public Optional<Checker> active(CheckerType type) {
        return activeCheckers().stream().filter(c -> c.type() == type).findFirst();
    }

    /** Return this with a different pixel limit (tests, demo). */
    public BorderManagerConfig withMaxPixels(long pixels) {
        return new BorderManagerConfig(enabled, pixels, extensionMapping, checkers);
    }

    /** The checks Phraseanet knows, by their {@code type} in the file. */
    public enum CheckerType {
        SHA256("Checker\\Sha256"), UUID("Checker\\UUID"), COLORSPACE("Checker\\Colorspace"), DIMENSION("Checker\\Dimension"),
        EXTENSION("Checker\\Extension"), FILENAME("Checker\\Filename"), MEDIATYPE("Checker\\MediaType");

        private final String yamlName;

        CheckerType(String yamlName) {
            this.yamlName = yamlName;
        }

        /** Return the name in configuration.yml, e.g. {@code Checker\Sha256}. */
        public String yamlName() {
            return yamlName;
        }

        /** Return every yaml name, for messages. */
        public static List<String> yamlNames() {
            return java.util.Arrays.stream(values()).map(CheckerType::yamlName).toList();
        }

        /** Find a type by its yaml name (case-insensitive, with or without {@code Checker\}). */
        public static Optional<CheckerType> of(String name) {
            if (name == null) return Optional.empty();
            String n = name.strip();
            for (CheckerType t : values()) {
                if (t.yamlName.equalsIgnoreCase(n) || t.yamlName.substring(8).equalsIgnoreCase(n)) return Optional.of(t);
            }
            return Optional.empty();
        }
    }

    /**
     * One check.
     *
     * @param type      what is checked
     * @param enabled   whether it runs
     * @param values    extensions (Extension), media types (MediaType: audio, document, flash, image, video) or
     *                  colour spaces (Colorspace: cmyk, grayscale, rgb), lowercase; empty for the other types
     * @param width     Dimension: the least width in pixels; 0 otherwise
     * @param height    Dimension: the least height in pixels; 0 otherwise
     * @param sensitive Filename: whether names are compared with case
     */
    public record Checker(CheckerType type, boolean enabled, List<String> values, int width, int height, boolean sensitive) {
        public Checker {
            if (type == null) throw new ConfigException("border-manager.checkers: a checker has no type; expected one of " + CheckerType.yamlNames());
            values = values == null ? List.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT).replaceFirst("^\\.", "")).toList();
            if (width < 0 || height < 0) {
                throw new ConfigException("border-manager.checkers " + type.yamlName() + ": width and height must be 0 or more, found "
                        + width + " × " + height);
            }
        }

        /** Return a checker without options. */
        public static Checker of(CheckerType type, boolean enabled) {
            return new Checker(type, enabled, List.of(), 0, 0, true);
        }
    }
}
