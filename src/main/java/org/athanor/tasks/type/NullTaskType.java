package org.athanor.tasks.type;

import org.athanor.tasks.Task;
import org.athanor.tasks.TaskSettings;
import org.athanor.tasks.TaskType;

/** A task that does nothing but log its passes; for tests and for checking a scheduler runs. */
public final class NullTaskType implements TaskType {
    /** Its job type. */
    public static final String NAME = "null";

    @Override public String jobType() {
        return NAME;
    }

    @Override public String defaultSettings() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings/>\n";
    }

    @Override public int defaultPeriodSeconds() {
        return 1;
    }

    @Override public Task create(int taskId, TaskSettings settings) {
        return context -> context.log("pass: nothing to do");
    }
}
