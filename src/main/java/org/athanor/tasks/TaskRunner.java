package org.athanor.tasks;

import java.time.Duration;
import java.time.Instant;

/**
 * Runs one task's loop in its own thread for a {@link Scheduler}: a pass of work, then the task's period of sleep,
 * until asked to stop. Paused, it idles between items. Stopped past the deadline, its jobs go back to the queue.
 */
final class TaskRunner implements TaskContext {
    private final TaskRecord row;
    private final Task task;
    private final String owner;
    private final String host;
    private final long pid;
    private final TaskRepository tasks;
    private final JobQueue jobs;
    private final RotatingLog log;
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean stop;
    private volatile boolean paused;
    private volatile boolean abandoned;
    private long wakes;

    TaskRunner(TaskRecord row, Task task, String owner, String host, long pid, TaskRepository tasks, JobQueue jobs, RotatingLog log) {
        this.row = row;
        this.task = task;
        this.owner = owner;
        this.host = host;
        this.pid = pid;
        this.tasks = tasks;
        this.jobs = jobs;
        this.log = log;
        this.thread = new Thread(this::loop, "task-" + row.id() + "-" + row.jobType());
        this.thread.setDaemon(true);
    }

    int id() {
        return row.id();
    }

    void start() {
        thread.start();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    void pause(boolean on) {
        boolean was = paused;
        paused = on;
        if (was != on) {
            log.line(on ? "paused: the item in hand is finished, then the task idles" : "resumed");
            wake();
        }
    }

    /** Ask the loop to end after the item in hand; returns at once. */
    void requestStop() {
        if (stop) return;
        tasks.report(row.id(), host, pid, "stopping");   // before the flag: the loop's "stopped" must come after
        log.line("stop asked: finishing the item in hand");
        stop = true;
        wake();
    }

    /**
     * Stop and wait up to {@code deadline} for the item in hand to finish; past it, hand the task's jobs back to the
     * queue untouched and leave the thread to die. Return true when the loop ended in time.
     */
    boolean stop(Duration deadline) throws InterruptedException {
        requestStop();
        thread.join(Math.max(1, deadline.toMillis()));
        if (!thread.isAlive()) return true;
        abandoned = true;
        int released = jobs.releaseAll(owner);
        thread.interrupt();
        tasks.report(row.id(), host, pid, "stopped");
        log.line("stop deadline of " + deadline.toSeconds() + " s passed: " + released + " job(s) handed back to the queue untouched");
        log.close();
        return false;
    }

    /** Extend the leases of the jobs in hand. */
    void heartbeat() {
        jobs.heartbeat(owner);
    }

    @Override public boolean stopRequested() {
        return stop || paused;
    }

    @Override public String owner() {
        return owner;
    }

    @Override public void log(String line) {
        log.line(line);
    }

    @Override public void progress(long done, long total) {
        tasks.progress(row.id(), done, total);
    }

    @Override public void failed(String line) {
        log.line(line);
        failures++;
        lastFailure = line;
    }

    /** The items that failed in the pass in hand, and the last one; reset at each pass (task thread only). */
    private long failures;
    private String lastFailure;

    /** The last error of a pass that went through but had failed items; null when none failed. */
    static String failuresOf(long failures, String lastFailure) {
        if (failures == 0) return null;
        return failures + (failures == 1 ? " item" : " items") + " failed in the last pass; last: " + lastFailure;
    }

    private void loop() {
        log.line("started (" + row.jobType() + " '" + row.name() + "', period " + row.periodSeconds() + " s, " + owner + ")");
        try {
            while (!stop) {
                if (paused) {
                    sleep(Duration.ofSeconds(1));
                    continue;
                }
                String error = null;
                failures = 0;
                lastFailure = null;
                try {
                    task.runOnce(this);
                } catch (InterruptedException e) {
                    if (stop) break;
                    error = e.toString();
                } catch (Exception e) {
                    error = e.getMessage() == null ? e.toString() : e.getMessage();
                    log.line("pass failed: " + error);
                }
                if (abandoned) return;
                if (error == null) error = failuresOf(failures, lastFailure);
                tasks.ran(row.id(), Instant.now(), error);
                if (!stop) sleep(Duration.ofSeconds(Math.max(0, row.periodSeconds())));
            }
        } catch (RuntimeException | Error e) {
            if (!abandoned) {
                tasks.crashed(row.id(), e.toString());
                log.line("crashed: " + e);
                log.close();
            }
            return;
        }
        if (abandoned) return;
        tasks.report(row.id(), host, pid, "stopped");
        log.line("stopped");
        log.close();
    }

    /** Sleep {@code d}, or less when stopped, paused or resumed. */
    private void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        synchronized (wake) {
            long seen = wakes;
            while (!stop && wakes == seen) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) return;
                try {
                    wake.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void wake() {
        synchronized (wake) {
            wakes++;
            wake.notifyAll();
        }
    }
}
