package org.athanor.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * The task manager as the CLI and the admin page see it: they write desired states (of the scheduler and of each task)
 * and read the actual states the scheduler reports. Nothing here runs a task; the {@link Scheduler} does.
 */
public final class TaskManager {
    private final TaskRepository tasks;
    private final SchedulerRepository scheduler;
    private final TaskTypes types;

    public TaskManager(TaskRepository tasks, SchedulerRepository scheduler, TaskTypes types) {
        this.tasks = tasks;
        this.scheduler = scheduler;
        this.types = types;
    }

    /** The task types that can be created. */
    public TaskTypes types() {
        return types;
    }

    /**
     * Create a task, stopped; settings are validated by the type (default settings when {@code settingsXml} is null).
     *
     * @param periodSeconds seconds between passes; null for the type's default
     */
    public int create(String jobType, String name, Integer periodSeconds, String settingsXml) {
        TaskType type = types.get(jobType);
        String xml = settingsXml == null ? type.defaultSettings() : settingsXml;
        type.create(0, TaskSettings.parse(xml));
        int period = periodSeconds == null ? type.defaultPeriodSeconds() : periodSeconds;
        if (period < 0 || period > 86_400) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "period " + period + " s is outside 0..86400. Example: --period 10");
        }
        return tasks.create(name == null || name.isBlank() ? jobType : name, jobType, xml, period, false);
    }

    /**
     * Change a task's name, period and settings, validated by its type as {@link #create} does; a running task uses
     * them from its next start.
     *
     * @throws AthanorException {@link ErrorCode#NOT_FOUND} for an unknown task, {@link ErrorCode#BAD_ARGUMENT} for
     *         settings its type refuses or a period outside 0..86400
     */
    public void update(int id, String name, Integer periodSeconds, String settingsXml) {
        TaskRecord t = tasks.find(id).orElseThrow(() -> unknown(id));
        TaskType type = types.get(t.jobType());
        String xml = settingsXml == null ? t.settings() : settingsXml.strip();
        type.create(id, TaskSettings.parse(xml));
        int period = periodSeconds == null ? t.periodSeconds() : periodSeconds;
        if (period < 0 || period > 86_400) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "period " + period + " s is outside 0..86400. Example: 10");
        }
        tasks.update(id, name == null || name.isBlank() ? t.name() : name.strip(), period, xml);
    }

    /**
     * Delete a task that is not running.
     *
     * @throws AthanorException {@link ErrorCode#NOT_FOUND} for an unknown task, {@link ErrorCode#CONFLICT} while a
     *         scheduler runs it (stop it first and wait until it reports stopped)
     */
    public void delete(int id) {
        TaskStatus s = status(id).orElseThrow(() -> unknown(id));
        if (s.state() != RunState.STOPPED && s.state() != RunState.TO_START) {
            throw new AthanorException(ErrorCode.CONFLICT, "Task " + id + " is " + s.word()
                    + ": stop it first (task-manager:task:stop " + id + ") and delete it once it reports stopped.");
        }
        tasks.delete(id);
    }

    private static AthanorException unknown(int id) {
        return new AthanorException(ErrorCode.NOT_FOUND, "No task " + id + ". See bin/console task-manager:task:list.");
    }

    /** The state of every task. */
    public List<TaskStatus> list() {
        boolean paused = scheduler.read().paused();
        Instant stale = Instant.now().minus(Scheduler.STALE);
        return tasks.all().stream().map(t -> status(t, paused, stale)).toList();
    }

    /** The state of task {@code id}, empty when no such task exists. */
    public Optional<TaskStatus> status(int id) {
        boolean paused = scheduler.read().paused();
        Instant stale = Instant.now().minus(Scheduler.STALE);
        return tasks.find(id).map(t -> status(t, paused, stale));
    }

    /** Ask for task {@code id} to run; return false when it does not exist. */
    public boolean start(int id) {
        return tasks.configure(id, "started");
    }

    /** Ask for task {@code id} to stop after its item in hand; return false when it does not exist. */
    public boolean stop(int id) {
        return tasks.configure(id, "stopped");
    }

    /** The scheduler's state: started (fresh heartbeat), stopping, or stopped. */
    public SchedulerStatus schedulerStatus() {
        SchedulerRecord r = scheduler.read();
        boolean alive = r.heartbeat() != null && !r.heartbeat().isBefore(Instant.now().minus(Scheduler.STALE))
                && !Scheduler.diedHere(r.host(), r.pid());
        RunState s;
        if (alive && "started".equals(r.actualStatus())) s = "stopped".equals(r.configuredStatus()) ? RunState.TO_STOP : RunState.STARTED;
        else if (alive && "stopping".equals(r.actualStatus())) s = RunState.STOPPING;
        else s = RunState.STOPPED;
        return new SchedulerStatus(r, s);
    }

    /** Set the scheduler's desired state to started (a scheduler process must run for it to matter). */
    public void wantSchedulerStarted() {
        scheduler.configure("started");
    }

    /** Ask the running scheduler to stop gracefully. */
    public void requestSchedulerStop() {
        scheduler.configure("stopped");
    }

    /**
     * Wait until the scheduler reports stopped (or its heartbeat is gone) or {@code wait} passes; return true when stopped.
     */
    public boolean awaitSchedulerStopped(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (true) {
            if (schedulerStatus().state() == RunState.STOPPED) return true;
            if (System.nanoTime() >= until) return false;
            Thread.sleep(200);
        }
    }

    /** Pause every task: started tasks finish their item in hand, then idle until {@link #resumeTasks()}. */
    public void pauseTasks() {
        scheduler.pause(true);
    }

    /** Resume paused tasks. */
    public void resumeTasks() {
        scheduler.pause(false);
    }

    private static TaskStatus status(TaskRecord t, boolean paused, Instant stale) {
        String actual = Scheduler.diedHere(t.host(), t.pid()) && !"stopped".equals(t.actualStatus()) ? "crashed" : t.actualStatus();
        return new TaskStatus(t, TaskStatus.of(t.configuredStatus(), actual, t.heartbeat(), stale), paused);
    }
}
