package org.athanor.tasks;

import java.util.Locale;

/** Where a job is in its life: queued, running (claimed with a lease), done or failed (attempts exhausted). */
public enum JobState {
    QUEUED, RUNNING, DONE, FAILED;

    /** The value stored in {@code jobs.state}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Read a stored {@code jobs.state}. */
    public static JobState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
