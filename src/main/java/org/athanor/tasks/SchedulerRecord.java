package org.athanor.tasks;

import java.time.Instant;

/**
 * The row {@code scheduler_state} (id 1): desired state, what the running scheduler reports, and the pause flag.
 *
 * @param configuredStatus started or stopped, written by the CLI and the admin page
 * @param actualStatus started, stopping or stopped, written by the scheduler
 */
public record SchedulerRecord(String configuredStatus, String actualStatus, String host, Long pid, Instant heartbeat, boolean paused) {}
