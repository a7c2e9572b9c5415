package org.athanor.databox;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * Thrown when a databox structure, or the XML it is read from, is invalid.
 *
 * <p>Messages name the source, the element or field, the value found and what is expected. The code is always
 * {@link ErrorCode#STRUCTURE_INVALID}. Whether a message already names what it is about (the field, subdef or status
 * bit) and the file it was read from is carried by the exception, so that the XML reader adds what is missing without
 * reading the text.
 */
public final class StructureException extends AthanorException {
    /** What the message already names. */
    enum Named {
        /** Neither: a value checked on its own (a field type, a subdef class). */
        NOTHING,
        /** The field, subdef or status bit it is about ("field 'Title': …"). */
        SUBJECT,
        /** The file or source it was read from, and the subject ("structure.xml: field 'Title': …"). */
        SOURCE
    }

    private final Named named;

    /** A structure error whose message starts with what it is about ("field 'Title': …", "subdef 'image/preview': …"). */
    public StructureException(String message) {
        this(Named.SUBJECT, message, null);
    }

    public StructureException(String message, Throwable cause) {
        this(Named.SUBJECT, message, cause);
    }

    StructureException(Named named, String message, Throwable cause) {
        super(ErrorCode.STRUCTURE_INVALID, message, cause);
        this.named = named;
    }

    /** A value found wrong on its own, before it is known which field or subdef it belongs to. */
    static StructureException ofValue(String message) {
        return new StructureException(Named.NOTHING, message, null);
    }

    /** Whether the message already names the field, subdef or status bit it is about. */
    boolean namesItsSubject() {
        return named != Named.NOTHING;
    }

    /** Whether the message already starts with the source it was read from. */
    boolean namesItsSource() {
        return named == Named.SOURCE;
    }
}
