package org.athanor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.AdminLog;
import org.athanor.tasks.JobQueue;
import org.athanor.tasks.RunState;
import org.athanor.tasks.Scheduler;
import org.athanor.tasks.SchedulerStatus;
import org.athanor.tasks.TaskManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** The {@code task-manager:scheduler:*} commands: run, start in the background, stop, state, pause and resume the tasks. */
final class SchedulerCommands {
    private SchedulerCommands() {}

    /**
     * What the task-manager:* commands use, from the installation opened when they run.
     *
     * @param logDir the folder of scheduler.log and task_&lt;id&gt;.log
     * @param scheduler a new scheduler over the installation's tasks, logging in {@code logDir}
     */
    record Uses(TaskManager taskManager, JobQueue jobs, AdminLog adminLog, Path logDir, Supplier<Scheduler> scheduler) {}

    /** The folder of scheduler.log and task_<id>.log: main.storage.log, else the program folder's logs/. */
    static Path logDir(Athanor athanor) {
        return athanor.config().main().storage().logDir(CliContext.home().resolve("logs"));
    }

    /** Run a scheduler in this process until SIGTERM, SIGINT or task-manager:scheduler:stop; return the exit code. */
    static int runScheduler(CliContext context, Scheduler scheduler) {
        scheduler.start();
        Signal.handle(new Signal("TERM"), s -> scheduler.requestStop());
        Signal.handle(new Signal("INT"), s -> scheduler.requestStop());
        try {
            scheduler.awaitStopRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.say("Stopping: every task finishes its item in hand…");
        scheduler.stop();
        context.say("Scheduler stopped.");
        return 0;
    }

    @Command(name = "task-manager:scheduler:run", mixinStandardHelpOptions = true,
            description = {"Run the scheduler in the foreground: it starts the tasks whose desired state is started, stops the others, "
                    + "and writes heartbeats every second. SIGTERM or task-manager:scheduler:stop stops every task gracefully "
                    + "(the item in hand is finished, up to main.task-manager.options.stop-deadline), then it exits 0.",
                    "Logs to logs/scheduler.log and logs/task_<id>.log."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:stopped gracefully", "1:no installation or bad configuration",
                    "3:could not start (another scheduler runs on this machine, database unreachable)"})
    static final class Run implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<Uses> uses;

        Run(CliContext context, Supplier<Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            Uses u = uses.get();
            Scheduler scheduler = u.scheduler().get();
            context.say("Scheduler running (pid " + ProcessHandle.current().pid() + "); logs in " + u.logDir());
            return runScheduler(context, scheduler);
        }
    }

    @Command(name = "task-manager:scheduler:start", mixinStandardHelpOptions = true,
            description = "Start the scheduler in the background (its output goes to logs/scheduler.out, its log to logs/scheduler.log) "
                    + "and wait until it reports started. Recorded in the admin log.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:started", "1:no installation or bad configuration", "3:it did not start (see the message and logs/scheduler.out)",
                    "10:a scheduler was already running"})
    static final class Start implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<Uses> uses;
        @Option(names = "--wait", defaultValue = "30", paramLabel = "SECONDS", description = "How long to wait for it to report started (default 30).")
        int waitSeconds;

        Start(CliContext context, Supplier<Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() throws IOException, InterruptedException {
            Uses u = uses.get();
            TaskManager tm = u.taskManager();
            if (tm.schedulerStatus().state() == RunState.STARTED) {
                context.say("The scheduler is already running (pid " + tm.schedulerStatus().row().pid() + ").");
                return TaskManagerExit.STARTED.code;
            }
            Path logs = u.logDir();
            Files.createDirectories(logs);
            Path out = logs.resolve("scheduler.out");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String javaOpts = System.getenv("JAVA_OPTS");
            if (javaOpts != null && !javaOpts.isBlank()) command.addAll(List.of(javaOpts.trim().split("\\s+")));
            String logback = System.getProperty("logback.configurationFile");
            if (logback != null) command.add("-Dlogback.configurationFile=" + logback);
            command.addAll(List.of("-Dathanor.home=" + CliContext.home(), "-cp", System.getProperty("java.class.path"),
                    ConsoleMain.class.getName(), "task-manager:scheduler:run", "--config", context.configFile().toString()));
            tm.wantSchedulerStarted();
            context.recordAdminAction(u::adminLog, "scheduler.start", "");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            long until = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            while (System.nanoTime() < until) {
                SchedulerStatus s = tm.schedulerStatus();
                if (s.state() == RunState.STARTED && Long.valueOf(p.pid()).equals(s.row().pid())) {
                    context.say("Scheduler started in the background (pid " + p.pid() + "); logs in " + logs.resolve("scheduler.log"));
                    return 0;
                }
                if (!p.isAlive()) {
                    throw new AthanorException(ErrorCode.INTERNAL, "The scheduler exited with code " + p.exitValue()
                            + " before reporting started; see " + out + ".");
                }
                Thread.sleep(200);
            }
            throw new AthanorException(ErrorCode.INTERNAL, "The scheduler (pid " + p.pid() + ") did not report started within "
                    + waitSeconds + " s; it is left running. See " + out + " and " + logs.resolve("scheduler.log") + ".");
        }
    }

    @Command(name = "task-manager:scheduler:stop", mixinStandardHelpOptions = true,
            description = "Ask the scheduler to stop gracefully (every task finishes its item in hand) and wait until it has stopped. "
                    + "Recorded in the admin log.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:stopped (or was not running)", "1:no installation or bad configuration", "12:still stopping when the wait ended"})
    static final class Stop implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<Uses> uses;
        @Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait for the stop (default 60; 0 = do not wait).")
        int waitSeconds;

        Stop(CliContext context, Supplier<Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() throws InterruptedException {
            Uses u = uses.get();
            TaskManager tm = u.taskManager();
            tm.requestSchedulerStop();
            context.recordAdminAction(u::adminLog, "scheduler.stop", "");
            if (tm.awaitSchedulerStopped(Duration.ofSeconds(waitSeconds))) {
                context.say("Scheduler stopped.");
                return 0;
            }
            context.say("The scheduler is still stopping (pid " + tm.schedulerStatus().row().pid() + "); run task-manager:scheduler:state to follow it.");
            return TaskManagerExit.STOPPING.code;
        }
    }

    @Command(name = "task-manager:scheduler:state", mixinStandardHelpOptions = true,
            description = "Print the scheduler's state: started, paused, stopping or stopped; the exit code says it too.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"1:no installation or bad configuration", "10:started (or paused)", "11:stopped", "12:stopping", "13:to stop"})
    static final class State implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<Uses> uses;
        @Option(names = "--short", description = "Print the state word only.") boolean brief;

        State(CliContext context, Supplier<Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            SchedulerStatus s = uses.get().taskManager().schedulerStatus();
            if (brief) context.out().println(s.word());
            else if (s.state() == RunState.STOPPED) context.out().println("Scheduler: stopped");
            else context.out().printf("Scheduler: %s (host %s, pid %d, heartbeat %s)%n", s.word(), org.athanor.core.Text.forTerminal(s.row().host()), s.row().pid(), s.row().heartbeat());
            context.out().flush();
            return TaskManagerExit.of(s.state()).code;
        }
    }

    @Command(name = "task-manager:scheduler:pause-tasks", mixinStandardHelpOptions = true,
            description = "Pause every task: started tasks finish their item in hand, then idle until task-manager:scheduler:resume-tasks. "
                    + "Recorded in the admin log.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:paused", "1:no installation or bad configuration"})
    static final class Pause implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<Uses> uses;

        Pause(CliContext context, Supplier<Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            Uses u = uses.get();
            u.taskManager().pauseTasks();
            context.recordAdminAction(u::adminLog, "scheduler.pause", "");
            context.say("Tasks paused: each finishes its item in hand, then idles.");
            return 0;
        }
    }

    @Command(name = "task-manager:scheduler:resume-tasks", mixinStandardHelpOptions = true,
            description = "Resume the tasks paused by task-manager:scheduler:pause-tasks. Recorded in the admin log.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:resumed", "1:no installation or bad configuration"})
    static final class Resume implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<Uses> uses;

        Resume(CliContext context, Supplier<Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            Uses u = uses.get();
            u.taskManager().resumeTasks();
            context.recordAdminAction(u::adminLog, "scheduler.resume", "");
            context.say("Tasks resumed.");
            return 0;
        }
    }
}
