package org.athanor.databox;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * Thrown when a databox structure, or the XML it is read from, is invalid.
 *
 * <p>Messages name the source, the element or field, the value found and what is expected. The code is always
 * {@link ErrorCode#STRUCTURE_INVALID}.
 */
public final class StructureException extends AthanorException {

    public StructureException(String message) {
        super(ErrorCode.STRUCTURE_INVALID, message);
    }

    public StructureException(String message, Throwable cause) {
        super(ErrorCode.STRUCTURE_INVALID, message, cause);
    }
}
