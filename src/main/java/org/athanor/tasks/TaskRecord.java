package org.athanor.tasks;

import java.time.Instant;

/**
 * A row of {@code tasks}: what the administrator asked for and what the scheduler reports.
 *
 * @param configuredStatus desired state: started, stopped
 * @param actualStatus state written by the scheduler: started, stopping, stopped, crashed
 */
public record TaskRecord(int id, String name, String jobType, String settings, int periodSeconds,
                         String configuredStatus, String actualStatus, String host, Long pid, Instant heartbeat,
                         Instant lastRun, String lastError, int crashCount, Long progressDone, Long progressTotal) {}
