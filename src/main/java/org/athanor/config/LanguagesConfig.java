package org.athanor.config;

import java.util.List;

/**
 * {@code languages}: the interface languages offered and the one used when a user has none.
 *
 * @param available a non-empty subset of {@link #SUPPORTED}, in the order the file gives
 * @param defaultLanguage one of {@code available}; {@code languages.default} in the file
 */
public record LanguagesConfig(List<String> available, String defaultLanguage) {
    /** The languages Athanor knows. */
    public static final List<String> SUPPORTED = List.of("fr", "en", "de", "nl");
    /** Used when the file has no {@code languages} section. */
    public static final LanguagesConfig DEFAULT = new LanguagesConfig(List.of("fr", "en"), "fr");

    public LanguagesConfig {
        available = List.copyOf(available);
        if (available.isEmpty()) throw new ConfigException("languages.available: give at least one of " + String.join(", ", SUPPORTED));
        for (String language : available) {
            if (!SUPPORTED.contains(language)) {
                throw new ConfigException("languages.available: '" + language + "' is not one of " + String.join(", ", SUPPORTED));
            }
        }
        if (!available.contains(defaultLanguage)) {
            throw new ConfigException("languages.default: '" + defaultLanguage + "' is not in languages.available "
                    + available + ". Add it there or pick one of them");
        }
    }
}
