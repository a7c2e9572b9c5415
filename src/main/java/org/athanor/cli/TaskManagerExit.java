package org.athanor.cli;

import org.athanor.tasks.RunState;

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

    /** The exit code a state command returns for {@code state} (paused counts as started). */
    public static TaskManagerExit of(RunState state) {
        return switch (state) {
            case STARTED -> STARTED;
            case STOPPED -> STOPPED;
            case STOPPING -> STOPPING;
            case TO_STOP -> TO_STOP;
            case TO_START -> TO_START;
            case TO_RESTART -> TO_RESTART;
            case TO_DELETE -> TO_DELETE;
            case STATE_UNKNOWN -> STATE_UNKNOWN;
        };
    }
}
