package org.athanor.tasks;

/** A configured task ready to run; the scheduler calls {@link #runOnce} in a loop, sleeping the task's period between passes. */
@FunctionalInterface
public interface Task {
    /**
     * Do one pass of work: return when there is nothing left to do or when {@link TaskContext#stopRequested()} turns
     * true (after finishing the item in hand). An exception ends the pass; the scheduler logs it and tries again after
     * the period.
     */
    void runOnce(TaskContext context) throws Exception;
}
