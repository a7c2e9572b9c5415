package org.athanor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Text;
import org.athanor.tasks.TaskRecord;
import org.athanor.tasks.TaskStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code task-manager:task:*} commands: list, create, start, stop, state, run in the foreground, log. */
final class TaskCommands {
    private TaskCommands() {}

    private static int unknown(CliContext context, int id) {
        context.err().println("[ERROR] No task " + id + ". See bin/console task-manager:task:list for the ids.");
        context.err().flush();
        return TaskManagerExit.TASK_UNKNOWN.code;
    }

    /** Record a task action in the admin log with the same detail as the admin console: {@code task 3 (Subdefs)}. */
    private static void recordTaskAction(CliContext context, SchedulerCommands.Uses uses, String action, int id) {
        String name = uses.taskManager().status(id).map(s -> s.task().name()).orElse("?");
        context.recordAdminAction(uses::adminLog, action, "task " + id + " (" + name + ")");
    }

    @Command(name = "task-manager:task:list", mixinStandardHelpOptions = true,
            description = "List the tasks with their desired and actual states, the failed jobs of their type and their last error.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no installation or bad configuration"})
    static final class ListTasks implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<SchedulerCommands.Uses> uses;
        @Option(names = "--format", defaultValue = "text", description = "text or json.") String format;

        ListTasks(CliContext context, Supplier<SchedulerCommands.Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            SchedulerCommands.Uses u = uses.get();
            List<TaskStatus> all = u.taskManager().list();
            java.util.Map<String, Long> failed = u.jobs().failedByType();
            if (Output.json(format)) {
                Output.json(context.out(), all.stream().map(s -> new Listed(s.task().id(), s.task().name(), s.task().jobType(),
                        s.task().periodSeconds(), s.task().configuredStatus(), s.task().actualStatus(), s.word(),
                        failed.getOrDefault(s.task().jobType(), 0L), s.task().lastError())).toList());
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (TaskStatus s : all) {
                TaskRecord t = s.task();
                rows.add(List.of(String.valueOf(t.id()), t.name(), t.jobType(), t.periodSeconds() + " s", t.configuredStatus(), s.word(),
                        t.lastRun() == null ? "" : t.lastRun().toString(), String.valueOf(failed.getOrDefault(t.jobType(), 0L)),
                        t.lastError() == null ? "" : t.lastError()));
            }
            Output.table(context.out(), List.of("id", "name", "type", "period", "desired", "state", "last run", "failed jobs", "last error"), rows);
            context.out().flush();
            return 0;
        }

        /** One task in the JSON listing. */
        record Listed(int id, String name, String jobType, int periodSeconds, String configured, String actual, String state,
                      long failedJobs, String lastError) {}
    }

    @Command(name = "task-manager:task:create", mixinStandardHelpOptions = true,
            description = "Create a task (stopped); print its id. Job types: null, subdefs, write-metadata, archive, record-mover, empty-collection. "
                    + "Recorded in the admin log.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:created", "1:no installation or bad configuration", "2:unknown job type, bad period or bad settings"})
    static final class Create implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<SchedulerCommands.Uses> uses;
        @Parameters(index = "0", paramLabel = "JOB_TYPE") String jobType;
        @Option(names = "--name", description = "Name shown in lists (default: the job type).") String name;
        @Option(names = "--period", paramLabel = "SECONDS", description = "Seconds between passes (default: the type's).") Integer period;
        @Option(names = "--settings", paramLabel = "FILE", description = "Settings XML (<tasksettings>…); default: the type's.") Path settings;

        Create(CliContext context, Supplier<SchedulerCommands.Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            String xml = null;
            if (settings != null) {
                try {
                    xml = Files.readString(settings, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Cannot read the settings file " + settings.toAbsolutePath() + ": " + e);
                }
            }
            SchedulerCommands.Uses u = uses.get();
            int id = u.taskManager().create(jobType, name, period, xml);
            context.recordAdminAction(u::adminLog, "task.create", "task " + id + " (" + jobType + ")");
            if (context.quiet()) return 0;
            context.out().println(id);
            context.out().flush();
            return 0;
        }
    }

    @Command(name = "task-manager:task:start", mixinStandardHelpOptions = true,
            description = "Set a task's desired state to started; the running scheduler starts it within a second. Recorded in the admin log.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:asked", "1:no installation or bad configuration", "20:no such task"})
    static final class Start implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<SchedulerCommands.Uses> uses;
        @Parameters(index = "0", paramLabel = "TASK_ID") int id;

        Start(CliContext context, Supplier<SchedulerCommands.Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            SchedulerCommands.Uses u = uses.get();
            if (!u.taskManager().start(id)) return unknown(context, id);
            recordTaskAction(context, u, "task.start", id);
            context.say("Task " + id + " set to start.");
            return 0;
        }
    }

    @Command(name = "task-manager:task:stop", mixinStandardHelpOptions = true,
            description = "Set a task's desired state to stopped; it finishes its item in hand, then stops. Recorded in the admin log.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:asked", "1:no installation or bad configuration", "20:no such task"})
    static final class Stop implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<SchedulerCommands.Uses> uses;
        @Parameters(index = "0", paramLabel = "TASK_ID") int id;

        Stop(CliContext context, Supplier<SchedulerCommands.Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            SchedulerCommands.Uses u = uses.get();
            if (!u.taskManager().stop(id)) return unknown(context, id);
            recordTaskAction(context, u, "task.stop", id);
            context.say("Task " + id + " set to stop.");
            return 0;
        }
    }

    @Command(name = "task-manager:task:state", mixinStandardHelpOptions = true,
            description = "Print a task's state (started, paused, stopped, stopping, to stop, to start, to restart); the exit code says it too.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"1:no installation or bad configuration", "10:started (or paused)", "11:stopped", "12:stopping", "13:to stop",
                    "14:to start", "15:to restart (crashed)", "16:to delete", "20:no such task", "21:state unknown"})
    static final class State implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<SchedulerCommands.Uses> uses;
        @Parameters(index = "0", paramLabel = "TASK_ID") int id;
        @Option(names = "--short", description = "Print the state word only.") boolean brief;

        State(CliContext context, Supplier<SchedulerCommands.Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            Optional<TaskStatus> s = uses.get().taskManager().status(id);
            if (s.isEmpty()) return unknown(context, id);
            TaskRecord t = s.get().task();
            PrintWriter out = context.out();
            if (brief) out.println(s.get().word());
            else {
                out.printf("Task %d (%s '%s'): %s%n", t.id(), t.jobType(), Text.forTerminal(t.name()), s.get().word());
                if (t.host() != null) out.printf("  host %s, pid %d, heartbeat %s%n", Text.forTerminal(t.host()), t.pid(), t.heartbeat());
                if (t.lastRun() != null) out.printf("  last run %s%n", t.lastRun());
                if (t.lastError() != null) out.printf("  last error: %s%n", Text.forTerminal(t.lastError()));
                if (t.crashCount() > 0) out.printf("  crashes: %d%n", t.crashCount());
                if (t.progressTotal() != null) out.printf("  progress %d/%d%n", t.progressDone(), t.progressTotal());
            }
            out.flush();
            return TaskManagerExit.of(s.get().state()).code;
        }
    }

    @Command(name = "task-manager:task:run", mixinStandardHelpOptions = true,
            description = "Run one task in the foreground, whatever its desired state, until SIGTERM or Ctrl-C (the item in hand is finished).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:stopped gracefully", "1:no installation or bad configuration", "3:it runs elsewhere or could not start",
                    "20:no such task"})
    static final class Run implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<SchedulerCommands.Uses> uses;
        @Parameters(index = "0", paramLabel = "TASK_ID") int id;

        Run(CliContext context, Supplier<SchedulerCommands.Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() {
            SchedulerCommands.Uses u = uses.get();
            if (u.taskManager().status(id).isEmpty()) return unknown(context, id);
            context.say("Task " + id + " running in the foreground; log in " + u.logDir().resolve("task_" + id + ".log"));
            return SchedulerCommands.runScheduler(context, u.scheduler().get().onlyTask(id));
        }
    }

    @Command(name = "task-manager:task:log", mixinStandardHelpOptions = true,
            description = "Print a task's log (logs/task_<id>.log); --follow keeps printing new lines until Ctrl-C.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "1:no installation or bad configuration", "20:no such task"})
    static final class Log implements Callable<Integer> {
        private final CliContext context;
        private final Supplier<SchedulerCommands.Uses> uses;
        @Parameters(index = "0", paramLabel = "TASK_ID") int id;
        @Option(names = {"-f", "--follow"}, description = "Keep printing lines as they are written.") boolean follow;

        Log(CliContext context, Supplier<SchedulerCommands.Uses> uses) {
            this.context = context;
            this.uses = uses;
        }

        @Override public Integer call() throws IOException, InterruptedException {
            SchedulerCommands.Uses u = uses.get();
            if (u.taskManager().status(id).isEmpty()) return unknown(context, id);
            Path file = u.logDir().resolve("task_" + id + ".log");
            PrintWriter out = context.out();
            long position = 0;
            do {
                if (Files.exists(file)) {
                    if (Files.size(file) < position) position = 0;          // rolled over
                    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                        f.seek(position);
                        byte[] bytes = new byte[(int) (f.length() - position)];
                        f.readFully(bytes);
                        position += bytes.length;
                        out.print(Output.lines(new String(bytes, StandardCharsets.UTF_8)));   // logs from before escaping
                        out.flush();
                    }
                }
                if (follow) Thread.sleep(500);
            } while (follow);
            return 0;
        }
    }
}
