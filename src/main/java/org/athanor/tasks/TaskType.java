package org.athanor.tasks;

/** One kind of task (Phraseanet's "job"): its name, its default settings and how to make a runnable task of a row. */
public interface TaskType {
    /** The {@code job_type} stored in {@code tasks}, e.g. {@code subdefs}. */
    String jobType();

    /** Settings of a new task of this type. */
    String defaultSettings();

    /** Default period between passes, in seconds. */
    default int defaultPeriodSeconds() {
        return 10;
    }

    /**
     * Return a task for these settings; refuse wrong settings with {@link org.athanor.core.ErrorCode#BAD_ARGUMENT} and a
     * message naming the element. Also used to validate settings before they are stored.
     */
    Task create(int taskId, TaskSettings settings);
}
