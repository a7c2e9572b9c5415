package org.athanor.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code main.task-manager}: the scheduler's desired state and its logs.
 *
 * @param status {@code started} or {@code stopped}: the desired state of the scheduler
 * @param enabled false keeps the scheduler from running at all
 * @param stopDeadline {@code options.stop-deadline}: how long a stopping task may take to finish its item in hand
 * @param loggerMaxFiles {@code logger.max-files}: log files kept, at least 1
 * @param loggerLevel {@code logger.level}: one of {@link #LEVELS}
 */
public record TaskManagerConfig(String status, boolean enabled, Duration stopDeadline, int loggerMaxFiles, String loggerLevel) {
    /** The accepted values of {@code status}. */
    public static final List<String> STATUSES = List.of("started", "stopped");
    /** The accepted values of {@code logger.level}. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    /** Used when the file has no {@code task-manager} section. */
    public static final TaskManagerConfig DEFAULT = new TaskManagerConfig("started", true, Duration.ofSeconds(30), 10, "INFO");

    public TaskManagerConfig {
        if (!STATUSES.contains(status)) {
            throw new ConfigException("main.task-manager.status: expected one of started, stopped, found '" + status + "'. Example: status: started");
        }
        Objects.requireNonNull(stopDeadline, "stopDeadline");
        if (stopDeadline.isNegative()) {
            throw new ConfigException("main.task-manager.options.stop-deadline: expected 0 or more seconds, found " + stopDeadline.toSeconds());
        }
        if (loggerMaxFiles < 1) {
            throw new ConfigException("main.task-manager.logger.max-files: expected 1 or more, found " + loggerMaxFiles);
        }
        if (!LEVELS.contains(loggerLevel)) {
            throw new ConfigException("main.task-manager.logger.level: expected one of " + String.join(", ", LEVELS)
                    + ", found '" + loggerLevel + "'. Example: level: INFO");
        }
    }
}
