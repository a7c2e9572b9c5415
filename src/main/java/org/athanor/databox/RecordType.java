package org.athanor.databox;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** The kind of document a record holds, in Phraseanet's words; subdefinition groups are named after it. */
public enum RecordType {
    IMAGE, VIDEO, AUDIO, DOCUMENT, FLASH, UNKNOWN;

    /** Return the lowercase code Phraseanet stores, e.g. {@code image}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parse a code such as {@code image} (case-insensitive).
     *
     * @throws AthanorException with {@link ErrorCode#BAD_ARGUMENT} listing the valid codes
     */
    public static RecordType parse(String code) {
        for (RecordType type : values()) {
            if (code != null && type.code().equalsIgnoreCase(code.trim())) {
                return type;
            }
        }
        throw new AthanorException(ErrorCode.BAD_ARGUMENT, "record type '" + code + "' is unknown; expected one of "
                + Arrays.stream(values()).map(RecordType::code).collect(Collectors.joining(", ")));
    }
}
