package org.athanor;

/** Stable codes of {@link AthanorException}s; the CLI maps them to exit codes. */
public enum ErrorCode {
    /** configuration.yml is missing, unreadable, malformed or holds a wrong value. */
    CONFIG_INVALID,
    /** No installation where one was expected (no configuration.yml). */
    NOT_INSTALLED,
    /** An installation exists where none was expected. */
    ALREADY_INSTALLED,
    /** A database could not be reached or refused the credentials. */
    DATABASE_UNREACHABLE,
    /** A schema migration failed or the database is newer than this program. */
    SCHEMA_MIGRATION_FAILED,
    /** A databox structure (template or stored) is invalid. */
    STRUCTURE_INVALID,
    /** A command argument is wrong. */
    BAD_ARGUMENT,
    /** The thing asked for does not exist (record, databox, collection, user…). */
    NOT_FOUND,
    /** The installation's state forbids the operation (e.g. scheduler running). */
    CONFLICT,
    /** bin/setup system:upgrade refused to start, before any change (version policy, preflight, lock). */
    UPGRADE_REFUSED,
    /** The installation awaits bin/setup system:upgrade: this program does not open it until then. */
    UPGRADE_REQUIRED,
    /** An upgrade step failed or its proof found a difference; maintenance stays on, the pre-upgrade backup restores it. */
    UPGRADE_FAILED,
    /** Reading or writing a file failed. */
    IO,
    /** Anything else: a bug or an unexpected environment. */
    INTERNAL
}
