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
}
