package org.athanor.core;

/**
 * Base of every error Athanor reports to an administrator or a user.
 *
 * <p>The message says what was found and where, what is expected and what to do; the {@link ErrorCode}
 * lets scripts and the CLI branch without parsing text.
 */
public class AthanorException extends RuntimeException {
    private final ErrorCode code;

    public AthanorException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public AthanorException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
