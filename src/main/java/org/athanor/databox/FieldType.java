package org.athanor.databox;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The value type of a metadata field, as Phraseanet names it: string, text, date or number. */
public enum FieldType {
    STRING, TEXT, DATE, NUMBER;

    /** Return the lowercase code Phraseanet writes in the {@code type} attribute, e.g. {@code date}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parse a code such as {@code date} (case-insensitive).
     *
     * @throws StructureException listing the valid codes
     */
    public static FieldType parse(String code) {
        for (FieldType type : values()) {
            if (code != null && type.code().equalsIgnoreCase(code.trim())) {
                return type;
            }
        }
        throw StructureException.ofValue("field type '" + code + "' is unknown; expected one of "
                + Arrays.stream(values()).map(FieldType::code).collect(Collectors.joining(", ")));
    }
}
