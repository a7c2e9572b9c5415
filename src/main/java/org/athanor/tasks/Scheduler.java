package org.athanor.tasks;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * The scheduler: every {@code tick} (one second) it reconciles the desired states of the tasks with what it runs,
 * writes heartbeats and extends the leases of the jobs in hand.
 *
 * <p>One scheduler per host runs per installation: a second one on the same machine is refused (a lock file in the
 * data's tmp folder, and the heartbeat of {@code scheduler_state}). A task runs on one scheduler at a time: it is taken
 * with a conditional update of its row, and taken over only when its runner's heartbeat is stale. Start with
 * {@link #start()}, wait with {@link #awaitStopRequest()}, end with {@link #stop()}.
 */
public final class Scheduler implements AutoCloseable {
    /** A heartbeat older than this means its process is gone. */
    public static final Duration STALE = Duration.ofSeconds(10);
    /** How often the scheduler reconciles. */
    public static final Duration TICK = Duration.ofSeconds(1);

    private final TaskRepository tasks;
    private final SchedulerRepository state;
    private final JobQueue jobs;
    private final TaskTypes types;
    private final Path logDir;
    private final Path lockDir;
    private final Duration stopDeadline;
    private final int logMaxFiles;
    private final Duration tick;
    private final String host;
    private final long pid;
    private final String owner;
    private final Map<Integer, TaskRunner> runners = new ConcurrentHashMap<>();
    private final CountDownLatch stopRequest = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ScheduledExecutorService ticker;
    private RotatingLog log;
    private FileChannel lockChannel;
    private FileLock lock;
    private volatile boolean stopping;
    private Integer only;
    private Runnable housekeeping = () -> { };

    /**
     * A scheduler over the tasks of one appbox.
     *
     * @param logDir where {@code scheduler.log} and {@code task_<id>.log} go
     * @param lockDir where the per-host lock file goes (the data's tmp folder)
     * @param stopDeadline how long a stopping task may take to finish its item in hand
     */
    public Scheduler(TaskRepository tasks, SchedulerRepository state, JobQueue jobs, TaskTypes types, Path logDir, Path lockDir,
                     Duration stopDeadline, int logMaxFiles, Duration tick) {
        this.tasks = tasks;
        this.state = state;
        this.jobs = jobs;
        this.types = types;
        this.logDir = logDir;
        this.lockDir = lockDir;
        this.stopDeadline = stopDeadline;
        this.logMaxFiles = logMaxFiles;
        this.tick = tick;
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
        this.owner = host + "/" + pid + "/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    /**
     * Make this scheduler run only task {@code taskId}, whatever its desired state, without taking the host lock or the
     * scheduler state ({@code task-manager:task:run}); call before {@link #start()}.
     */
    public Scheduler onlyTask(int taskId) {
        this.only = taskId;
        return this;
    }

    /**
     * Run {@code work} at every tick while this scheduler runs the task manager (not with {@link #onlyTask}): the relay
     * of record changes, so that a change whose relay after commit failed still reaches the queue within a tick.
     * A failure is logged in scheduler.log and retried at the next tick. Call before {@link #start()}.
     */
    public Scheduler housekeeping(Runnable work) {
        this.housekeeping = java.util.Objects.requireNonNull(work);
        return this;
    }

    /** The name of this machine as the scheduler writes it in the appbox. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The lease-owner prefix of this scheduler's jobs: {@code host/pid/run/}. */
    public String owner() {
        return owner;
    }

    /**
     * Start: refuse if another scheduler runs on this machine, hand back the jobs a dead scheduler of this host left
     * claimed, record the state, and begin reconciling.
     *
     * @throws AthanorException CONFLICT when a scheduler already runs on this host for this installation
     */
    public synchronized Scheduler start() {
        if (ticker != null) throw new IllegalStateException("scheduler already started");
        if (only != null) {
            TaskRecord t = tasks.find(only).orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND, "No task " + only
                    + ". See bin/console task-manager:task:list for the ids."));
            types.get(t.jobType());
            Instant now = Instant.now();
            if (!tasks.acquire(only, host, pid, now, now.minus(STALE))) {
                throw new AthanorException(ErrorCode.CONFLICT, "Task " + only + " is running on " + t.host() + " (pid " + t.pid()
                        + "). Stop it first: bin/console task-manager:task:stop " + only + ". Nothing was started.");
            }
            log = new RotatingLog(logDir.resolve("scheduler.log"), RotatingLog.DEFAULT_MAX_BYTES, logMaxFiles);
            log.line("task " + only + " run in the foreground on " + host + ", pid " + pid);
            startTicker();
            return this;
        }
        lockHost();
        Instant now = Instant.now();
        SchedulerRecord previous = state.read();
        if (host.equals(previous.host()) && previous.pid() != null && previous.pid() != pid && isAlive(previous.pid())
                && "started".equals(previous.actualStatus()) && previous.heartbeat() != null && previous.heartbeat().isAfter(now.minus(STALE))) {
            unlockHost();
            throw new AthanorException(ErrorCode.CONFLICT, "Another scheduler runs on this machine (" + host + ") for this installation: pid "
                    + previous.pid() + ", last heartbeat " + previous.heartbeat() + ". Stop it with bin/console task-manager:scheduler:stop "
                    + "first. Nothing was started.");
        }
        state.takeOver(host, pid, now);
        log = new RotatingLog(logDir.resolve("scheduler.log"), RotatingLog.DEFAULT_MAX_BYTES, logMaxFiles);
        log.line("scheduler started on " + host + ", pid " + pid);
        recoverFromDeadProcesses();
        startTicker();
        return this;
    }

    /**
     * Take back what processes of this host that died (kill -9, power loss) left: their tasks are marked crashed and
     * their jobs queued again at once, without waiting for the leases to end. Live processes (a task:run) are left alone.
     */
    private void recoverFromDeadProcesses() {
        for (long dead : tasks.pidsOn(host)) {
            if (dead == pid || isAlive(dead)) continue;
            int n = tasks.crashedWith(host, dead, "its scheduler (pid " + dead + " on " + host + ") died");
            log.line(n + " task(s) left by pid " + dead + ", which died, marked crashed");
        }
        for (String o : jobs.runningOwners(host + "/")) {
            String[] parts = o.split("/");
            if (parts.length < 2 || o.startsWith(owner)) continue;
            long other;
            try {
                other = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (other == pid || isAlive(other)) continue;
            int n = jobs.releaseOwnedBy(o);
            log.line(n + " job(s) claimed by pid " + other + ", which died, handed back to the queue");
        }
    }

    /** Return true when {@code host} is this machine and no process {@code pid} runs on it: its heartbeat is a ghost's. */
    static boolean diedHere(String host, Long pid) {
        return pid != null && hostName().equals(host) && !isAlive(pid);
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void startTicker() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scheduler-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ask the scheduler to stop (SIGTERM does this); {@link #awaitStopRequest()} returns. */
    public void requestStop() {
        stopRequest.countDown();
    }

    /** Block until a stop is asked: by {@link #requestStop()} or by {@code task-manager:scheduler:stop} (desired state stopped). */
    public void awaitStopRequest() throws InterruptedException {
        stopRequest.await();
    }

    /** Return true when the scheduler has stopped within {@code wait}. */
    public boolean awaitStopped(Duration wait) throws InterruptedException {
        return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stop gracefully: every task finishes its item in hand (or, past the stop deadline, hands it back to the queue),
     * then the state is recorded as stopped and the host lock released. Safe to call twice.
     */
    public void stop() {
        synchronized (this) {
            if (stopping || ticker == null) return;
            stopping = true;
        }
        requestStop();
        ticker.shutdown();
        try {
            ticker.awaitTermination(30, TimeUnit.SECONDS);
            if (only == null) state.report(host, pid, "stopping", Instant.now());
            log.line("stopping " + runners.size() + " task(s); deadline " + stopDeadline.toSeconds() + " s");
            List<Thread> stoppers = new ArrayList<>();
            for (TaskRunner r : runners.values()) {
                Thread t = new Thread(() -> stopRunner(r), "stop-task-" + r.id());
                t.start();
                stoppers.add(t);
            }
            for (Thread t : stoppers) t.join();
            if (only == null) state.report(host, pid, "stopped", Instant.now());
            log.line(only == null ? "scheduler stopped" : "task " + only + " stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            log.close();
            unlockHost();
            stopped.countDown();
        }
    }

    @Override public void close() {
        stop();
    }

    /** The ids of the tasks this scheduler runs now. */
    public List<Integer> running() {
        return runners.values().stream().filter(TaskRunner::isAlive).map(TaskRunner::id).sorted().toList();
    }

    private void stopRunner(TaskRunner r) {
        try {
            if (!r.stop(stopDeadline)) log.line("task " + r.id() + " did not finish its item within " + stopDeadline.toSeconds() + " s; its jobs were handed back");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.line("reconcile failed (will retry in " + tick.toMillis() + " ms): " + e);
        }
    }

    private void tick() {
        if (stopping) return;
        Instant now = Instant.now();
        if (only == null) state.report(host, pid, "started", now);
        tasks.heartbeat(host, pid, now);
        SchedulerRecord s = state.read();
        if (only != null) {
            runners.values().forEach(TaskRunner::heartbeat);
            if (runners.isEmpty()) tasks.find(only).ifPresent(t -> startRunner(t, false));
            else if (runners.values().stream().noneMatch(TaskRunner::isAlive)) requestStop();
            return;
        }
        if ("stopped".equals(s.configuredStatus())) {
            log.line("desired state is stopped: stopping");
            requestStop();
            return;
        }
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            log.line("housekeeping failed (will retry in " + tick.toMillis() + " ms): " + e);
        }
        runners.values().removeIf(r -> !r.isAlive());
        for (TaskRunner r : runners.values()) {
            r.heartbeat();
            r.pause(s.paused());
        }
        for (TaskRecord t : tasks.all()) {
            TaskRunner r = runners.get(t.id());
            if (r != null) {
                if (!"started".equals(t.configuredStatus())) r.requestStop();
                continue;
            }
            if (!"started".equals(t.configuredStatus())) continue;
            if (!types.has(t.jobType())) continue;
            if (!tasks.acquire(t.id(), host, pid, now, now.minus(STALE))) continue;
            startRunner(t, s.paused());
        }
    }

    private void startRunner(TaskRecord t, boolean paused) {
        RotatingLog taskLog = new RotatingLog(logDir.resolve("task_" + t.id() + ".log"), RotatingLog.DEFAULT_MAX_BYTES, logMaxFiles);
        Task task;
        try {
            task = types.get(t.jobType()).create(t.id(), TaskSettings.parse(t.settings()));
        } catch (AthanorException e) {
            tasks.crashed(t.id(), e.getMessage());
            taskLog.line("cannot start: " + e.getMessage());
            taskLog.close();
            log.line("task " + t.id() + " cannot start: " + e.getMessage());
            return;
        }
        TaskRunner r = new TaskRunner(t, task, owner + "task-" + t.id(), host, pid, tasks, jobs, taskLog);
        r.pause(paused);
        runners.put(t.id(), r);
        log.line("task " + t.id() + " (" + t.jobType() + " '" + t.name() + "') started");
        r.start();
    }

    private void lockHost() {
        Path file = lockDir.resolve("scheduler-" + host + ".lock");
        try {
            Files.createDirectories(lockDir);
            lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            lock = lockChannel.tryLock();
            if (lock == null) {
                String other = Files.readString(file, StandardCharsets.UTF_8).strip();
                lockChannel.close();
                lockChannel = null;
                throw new AthanorException(ErrorCode.CONFLICT, "Another scheduler runs on this machine (" + host
                        + ") for this installation" + (other.isEmpty() ? "" : ": pid " + other) + " holds " + file
                        + ". Stop it with bin/console task-manager:scheduler:stop first. Nothing was started.");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(Long.toString(pid).getBytes(StandardCharsets.UTF_8)), 0);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            unlockHost();
            throw new AthanorException(ErrorCode.CONFLICT, "A scheduler already runs in this process for this installation ("
                    + file + "). Nothing was started.");
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot create the scheduler lock file " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable by this user.", e);
        }
    }

    private void unlockHost() {
        try {
            if (lock != null) lock.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        lock = null;
        lockChannel = null;
    }
}
