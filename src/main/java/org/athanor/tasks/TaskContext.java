package org.athanor.tasks;

/** What a running task may ask of the scheduler running it. */
public interface TaskContext {
    /**
     * Return true when the task must return as soon as the item in hand is finished: it was asked to stop, the
     * scheduler is stopping, or the tasks are paused.
     */
    boolean stopRequested();

    /** The lease owner of this run: claim, complete and release jobs with it. */
    String owner();

    /** Write one line to the task's log ({@code logs/task_<id>.log}). */
    void log(String line);

    /** Report the progress of the pass in hand. */
    void progress(long done, long total);

    /**
     * Report one item of the pass in hand that failed (a record, a file), e.g. {@code "record 1/42: failed: …"}: it is
     * written to the log and counted, and a pass with failed items shows the count and the last one as the task's
     * last error ({@code task:list}, the admin task page) although the pass itself went through.
     */
    default void failed(String line) {
        log(line);
    }
}
