package org.athanor.tasks;

/** Exit codes of the task-manager:* commands, as Phraseanet documents them; scripts depend on them. */
public enum TaskManagerExit {
    SETUP_ERROR(1), BAD_ARGUMENT(2), FATAL(3),
    STARTED(10), STOPPED(11), STOPPING(12), TO_STOP(13), TO_START(14), TO_RESTART(15), TO_DELETE(16),
    TASK_UNKNOWN(20), STATE_UNKNOWN(21);

    /** The process exit code. */
    public final int code;

    TaskManagerExit(int code) {
        this.code = code;
    }
}
