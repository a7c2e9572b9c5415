package org.athanor.media;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** A document could not be read, converted or written; the message names the file or tool and the cause. */
public final class MediaException extends AthanorException {
    public MediaException(String message) {
        super(ErrorCode.IO, message);
    }

    public MediaException(String message, Throwable cause) {
        super(ErrorCode.IO, message, cause);
    }
}
