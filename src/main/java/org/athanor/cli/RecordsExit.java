package org.athanor.cli;

/**
 * Exit codes of the records:* commands (records:add, records:build-subdefs, records:rescan-technical-datas,
 * records:write-metadata, records:show); each command's {@code help} lists those it returns. Scripts depend on them.
 */
public enum RecordsExit {
    /** Every item done. */
    DONE(0),
    /** No installation, or a bad configuration. */
    SETUP_ERROR(1),
    /** A bad argument: unknown databox, collection or record, missing file. */
    BAD_ARGUMENT(2),
    /** A fatal error: nothing more could be done. */
    FATAL(3),
    /** Some items did not go through: records:add put files in the lazaret (none failed); the others had records fail. */
    SOME_FAILED(4),
    /** records:add only: some files could not be added. */
    SOME_NOT_ADDED(5);

    /** The process exit code. */
    public final int code;

    RecordsExit(int code) {
        this.code = code;
    }
}
