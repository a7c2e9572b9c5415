package org.athanor.databox;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a subdefinition is for, as Phraseanet's {@code class} attribute says: thumbnail, preview or document. */
public enum SubdefClass {
    THUMBNAIL, PREVIEW, DOCUMENT;

    /** Return the lowercase code Phraseanet writes, e.g. {@code preview}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parse a code such as {@code thumbnail} (case-insensitive).
     *
     * @throws StructureException listing the valid codes
     */
    public static SubdefClass parse(String code) {
        for (SubdefClass c : values()) {
            if (code != null && c.code().equalsIgnoreCase(code.trim())) {
                return c;
            }
        }
        throw StructureException.ofValue("subdef class '" + code + "' is unknown; expected one of "
                + Arrays.stream(values()).map(SubdefClass::code).collect(Collectors.joining(", ")));
    }
}
