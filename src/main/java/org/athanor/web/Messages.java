package org.athanor.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The texts of the web pages in English and French, from the resource bundles {@code messages_en.properties} and
 * {@code messages_fr.properties}; a key missing in French falls back to English.
 */
public final class Messages {
    /** The languages pages come in, the first being the default. */
    public static final List<String> LANGUAGES = List.of("en", "fr");

    /** The bundles' base name: {@code src/main/resources/org/athanor/web/messages_<lang>.properties}, in UTF-8. */
    static final String BUNDLE = "org.athanor.web.messages";

    private static final Map<String, ResourceBundle> BUNDLES = LANGUAGES.stream().collect(Collectors.toUnmodifiableMap(l -> l, Messages::load));

    /** Load one language's bundle, without falling back to the JVM's default locale (a French server must still speak English). */
    private static ResourceBundle load(String lang) {
        // Java 9+ reads properties bundles as UTF-8
        return ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private final String lang;

    private Messages(String lang) {
        this.lang = lang;
    }

    /** The texts of {@code lang} ({@code en} or {@code fr}; anything else gives English). */
    public static Messages of(String lang) {
        return new Messages("fr".equals(lang) ? "fr" : "en");
    }

    /** Return the language chosen from an {@code Accept-Language} header: the first of en and fr it names, else en. */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) return LANGUAGES.get(0);
        try {
            for (Locale.LanguageRange r : Locale.LanguageRange.parse(header)) {
                String tag = r.getRange().toLowerCase(Locale.ROOT);
                for (String l : LANGUAGES) if (tag.equals(l) || tag.startsWith(l + "-")) return l;
            }
        } catch (IllegalArgumentException malformed) {
            return LANGUAGES.get(0);
        }
        return LANGUAGES.get(0);
    }

    /** The language of these texts. */
    public String lang() {
        return lang;
    }

    /** Return the text of {@code key}, or the key itself when no language has it. */
    public String get(String key) {
        for (String l : List.of(lang, LANGUAGES.get(0))) {
            ResourceBundle b = BUNDLES.get(l);
            if (b.containsKey(key)) return b.getString(key);
        }
        return key;
    }

    /** The keys of {@code lang}'s bundle. */
    static Set<String> keys(String lang) {
        return BUNDLES.get(lang).keySet();
    }
}
