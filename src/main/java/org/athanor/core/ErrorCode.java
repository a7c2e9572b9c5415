package org.athanor.core;

/**
 * Stable codes of {@link AthanorException}s, and the one table that turns them into an HTTP status (web pages and API)
 * and a process exit code (CLI commands: 1 setup error, 2 bad argument, 3 fatal; see each command's help).
 */
public enum ErrorCode {
    /** configuration.yml is missing, unreadable, malformed or holds a wrong value. */
    CONFIG_INVALID(500, 1),
    /** No installation where one was expected (no configuration.yml). */
    NOT_INSTALLED(500, 1),
    /** An installation exists where none was expected. */
    ALREADY_INSTALLED(409, 1),
    /** A database could not be reached or refused the credentials. */
    DATABASE_UNREACHABLE(503, 3),
    /** A schema migration failed or the database is newer than this program. */
    SCHEMA_MIGRATION_FAILED(500, 3),
    /** A databox structure (template or stored) is invalid. */
    STRUCTURE_INVALID(400, 3),
    /** A command argument is wrong. */
    BAD_ARGUMENT(400, 2),
    /** The thing asked for does not exist (record, databox, collection, user…). */
    NOT_FOUND(404, 2),
    /** The installation's state forbids the operation (e.g. scheduler running), or the name is taken. */
    CONFLICT(409, 3),
    /** The port the server should listen on is taken by another process. */
    PORT_IN_USE(500, 3),
    /** bin/setup system:upgrade refused to start, before any change (version policy, preflight, lock). */
    UPGRADE_REFUSED(409, 3),
    /** The installation awaits bin/setup system:upgrade: this program does not open it until then. */
    UPGRADE_REQUIRED(503, 1),
    /** An upgrade step failed or its proof found a difference; maintenance stays on, the pre-upgrade backup restores it. */
    UPGRADE_FAILED(500, 3),
    /** Reading or writing a file failed. */
    IO(500, 3),
    /** Anything else: a bug or an unexpected environment. */
    INTERNAL(500, 3);

    private final int httpStatus;
    private final int exitCode;

    ErrorCode(int httpStatus, int exitCode) {
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
    }

    /** The HTTP status of an answer refused for this code: 4xx when the request is at fault, 5xx when the server is. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The exit code of a CLI command that fails for this code. */
    public int exitCode() {
        return exitCode;
    }
}
