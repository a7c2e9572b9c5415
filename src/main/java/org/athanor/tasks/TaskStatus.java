package org.athanor.tasks;

import java.time.Instant;

/**
 * What the state commands report about a task: its desired and actual states and what they mean together.
 *
 * @param task the task row
 * @param state the summary, one of Phraseanet's task states
 * @param paused the scheduler is paused: a started task idles
 */
public record TaskStatus(TaskRecord task, TaskManagerExit state, boolean paused) {
    /** The word the state commands print: started, paused, stopped, stopping, to stop, to start, to restart... */
    public String word() {
        if (state == TaskManagerExit.STARTED && paused) return "paused";
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** Combine desired and actual state; a started task whose heartbeat is older than {@code stale} counts as crashed. */
    static TaskManagerExit of(String configured, String actual, Instant heartbeat, Instant stale) {
        String a = actual;
        if (("started".equals(a) || "stopping".equals(a)) && (heartbeat == null || heartbeat.isBefore(stale))) a = "crashed";
        return switch (configured + "/" + a) {
            case "started/started" -> TaskManagerExit.STARTED;
            case "stopped/stopped", "stopped/crashed" -> TaskManagerExit.STOPPED;
            case "started/stopping", "stopped/stopping" -> TaskManagerExit.STOPPING;
            case "stopped/started" -> TaskManagerExit.TO_STOP;
            case "started/stopped" -> TaskManagerExit.TO_START;
            case "started/crashed" -> TaskManagerExit.TO_RESTART;
            case "deleted/stopped", "deleted/crashed", "deleted/started", "deleted/stopping" -> TaskManagerExit.TO_DELETE;
            default -> TaskManagerExit.STATE_UNKNOWN;
        };
    }
}
