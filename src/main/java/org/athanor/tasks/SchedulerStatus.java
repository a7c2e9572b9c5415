package org.athanor.tasks;

/**
 * What {@code task-manager:scheduler:state} reports.
 *
 * @param row the {@code scheduler_state} row
 * @param state STARTED when a scheduler runs (fresh heartbeat), STOPPING while it stops, STOPPED otherwise
 */
public record SchedulerStatus(SchedulerRecord row, RunState state) {
    /** The word printed by the state command: started, paused, stopping or stopped. */
    public String word() {
        if (state == RunState.STARTED && row.paused()) return "paused";
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
