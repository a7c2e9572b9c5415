package org.athanor.programs;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** An external program is missing, could not start, ran too long or failed; the message names it. */
public final class ProgramException extends AthanorException {
    /** What went wrong. */
    public enum Reason {
        /** Not installed (or not executable); the message names the Debian package. Code {@link ErrorCode#CONFIG_INVALID}. */
        NOT_FOUND,
        /** Found but the system would not start it. */
        CANNOT_START,
        /** Ran longer than allowed and was killed, with the processes it started. */
        TIMED_OUT,
        /** Ended with an exit code other than 0; the message holds the end of its error output. */
        FAILED,
        /** Feeding its input or taking its output failed (disk full, a closed stream). */
        STREAM,
        /** This thread was interrupted while the program ran; the program was killed. */
        INTERRUPTED
    }

    private final Reason reason;

    /**
     * A failure of {@code reason}. Also used by in-process stand-ins of a program (H2's {@code SCRIPT} stands for
     * pg_dump), so that callers handle a time-out once.
     */
    public ProgramException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ProgramException(Reason reason, String message, Throwable cause) {
        super(reason == Reason.NOT_FOUND ? ErrorCode.CONFIG_INVALID : ErrorCode.IO, message, cause);
        this.reason = reason;
    }

    /** Return what went wrong. */
    public Reason reason() {
        return reason;
    }
}
