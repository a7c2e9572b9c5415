package org.athanor.tasks;

import java.util.Locale;

/**
 * Where the scheduler or a task is, from its desired and actual states and its heartbeat: Phraseanet's task states.
 * The CLI turns them into {@code task-manager:*} exit codes ({@code org.athanor.cli.TaskManagerExit}).
 */
public enum RunState {
    /** Running (a fresh heartbeat). */
    STARTED,
    /** Not running, and not asked to run. */
    STOPPED,
    /** Finishing its item in hand before it stops. */
    STOPPING,
    /** Running, asked to stop: the scheduler stops it within a second. */
    TO_STOP,
    /** Asked to run, not running yet. */
    TO_START,
    /** Asked to run, its heartbeat is gone (crashed): the scheduler starts it again. */
    TO_RESTART,
    /** Deleted, its row not yet removed. */
    TO_DELETE,
    /** A combination of stored states this program does not know. */
    STATE_UNKNOWN;

    /** The words the state commands and the admin console print: started, stopped, to stop, state unknown... */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
