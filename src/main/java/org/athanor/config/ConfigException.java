package org.athanor.config;

import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * Thrown when {@code configuration.yml} is missing, unreadable, malformed or holds a wrong value.
 *
 * <p>The message names the file, the line and column, the key path, what was expected and an example;
 * several problems found in one file are listed one per line, in the order of the file. The code is
 * {@link ErrorCode#CONFIG_INVALID}, or {@link ErrorCode#NOT_INSTALLED} when there is no file at all.
 */
public class ConfigException extends AthanorException {

    /** Create an exception with code {@link ErrorCode#CONFIG_INVALID}. */
    public ConfigException(String message) {
        super(ErrorCode.CONFIG_INVALID, message);
    }

    /** Create an exception with the given code. */
    public ConfigException(ErrorCode code, String message) {
        super(code, message);
    }

    /** Create an exception with the given code and cause. */
    public ConfigException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
