package org.athanor.databox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks and copies the per-language labels of fields, subdefs and status bits. */
final class Labels {
    /** The interface languages of Phraseanet 4.0, in the order Athanor writes them. */
    static final List<String> LANGUAGES = List.of("en", "fr", "de", "nl");

    private Labels() {
    }

    /**
     * Return an unmodifiable copy of {@code labels} keeping order, texts stripped, blank texts left out; refuse unknown
     * languages.
     */
    static Map<String, String> check(Map<String, String> labels, String owner) {
        if (labels == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        labels.forEach((lang, text) -> {
            if (!LANGUAGES.contains(lang)) {
                throw new StructureException(owner + ": label language '" + lang + "' is not supported; use one of "
                        + String.join(", ", LANGUAGES));
            }
            if (text != null && !text.isBlank()) {
                if (text.strip().length() > 255) {
                    throw new StructureException(owner + ": label for '" + lang + "' is longer than 255 characters");
                }
                copy.put(lang, text.strip());
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}
