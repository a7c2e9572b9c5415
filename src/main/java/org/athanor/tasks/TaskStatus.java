package org.athanor.tasks;

import java.time.Instant;

/**
 * What the state commands report about a task: its desired and actual states and what they mean together.
 *
 * @param task the task row
 * @param state the summary, one of Phraseanet's task states
 * @param paused the scheduler is paused: a started task idles
 */
public record TaskStatus(TaskRecord task, RunState state, boolean paused) {
    /** The word the state commands print: started, paused, stopped, stopping, to stop, to start, to restart... */
    public String word() {
        if (state == RunState.STARTED && paused) return "paused";
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** Combine desired and actual state; a started task whose heartbeat is older than {@code stale} counts as crashed. */
    static RunState of(String configured, String actual, Instant heartbeat, Instant stale) {
        String a = actual;
        if (("started".equals(a) || "stopping".equals(a)) && (heartbeat == null || heartbeat.isBefore(stale))) a = "crashed";
        return switch (configured + "/" + a) {
            case "started/started" -> RunState.STARTED;
            case "stopped/stopped", "stopped/crashed" -> RunState.STOPPED;
            case "started/stopping", "stopped/stopping" -> RunState.STOPPING;
            case "stopped/started" -> RunState.TO_STOP;
            case "started/stopped" -> RunState.TO_START;
            case "started/crashed" -> RunState.TO_RESTART;
            case "deleted/stopped", "deleted/crashed", "deleted/started", "deleted/stopping" -> RunState.TO_DELETE;
            default -> RunState.STATE_UNKNOWN;
        };
    }
}
