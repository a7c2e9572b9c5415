package org.athanor.cli;

import java.io.PrintWriter;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** Builds and runs the command line of {@code bin/console} or {@code bin/setup}. */
public final class Cli {
    /** Exit code of a run that failed for a wrong argument (picocli's usage errors included). */
    public static final int EXIT_BAD_ARGUMENT = 2;

    /** The two programs of the distribution, each with its own commands. */
    public enum Program {
        CONSOLE("console", "Athanor operations console (Phraseanet's bin/console).", List.of(
                ListCommand.class,
                ServerRunCommand.class,
                DataboxCreateCommand.class, DataboxListCommand.class,
                CollectionCreateCommand.class, CollectionListCommand.class,
                FieldsListCommand.class,
                UserCreateCommand.class, UserListCommand.class,
                RecordsShowCommand.class,
                BackupDbCommand.class, RestoreDbCommand.class, ConfigCheckCommand.class,
                RecordsAddCommand.class, RecordsBuildSubdefsCommand.class, RecordsRescanTechnicalDatasCommand.class,
                RecordsWriteMetadataCommand.class,
                SchedulerCommands.Run.class, SchedulerCommands.Start.class, SchedulerCommands.Stop.class,
                SchedulerCommands.State.class, SchedulerCommands.Pause.class, SchedulerCommands.Resume.class,
                TaskCommands.ListTasks.class, TaskCommands.Create.class, TaskCommands.Start.class, TaskCommands.Stop.class,
                TaskCommands.State.class, TaskCommands.Run.class, TaskCommands.Log.class,
                UserPasswordCommand.class, UserGrantCommand.class,
                SessionsListCommand.class, SessionsDisconnectCommand.class,
                MaintenanceCommand.class, CleanupLegacyCommand.class,
                SearchEngineCommands.Create.class, SearchEngineCommands.Drop.class, SearchEngineCommands.Populate.class,
                SearchEngineCommands.Status.class, SearchEngineCommands.Parse.class, RecordsSearchCommand.class)),
        SETUP("setup", "Athanor setup: install, check and upgrade; works before an installation exists.", List.of(
                ListCommand.class,
                InstallCommand.class,
                DemoStartCommand.class,
                RestoreDbCommand.class, SystemCheckCommand.class, UpgradeCommand.class));

        final String binary;
        final String description;
        final List<Class<?>> commands;

        Program(String binary, String description, List<Class<?>> commands) {
            this.binary = binary;
            this.description = description;
            this.commands = commands;
        }
    }

    private Cli() {}

    /** Return true when the arguments ask only for the version, which is answered without loading anything else. */
    public static boolean asksForVersion(String[] args) {
        for (String a : args) {
            if (a.equals("--version") || a.equals("-V")) return true;
            if (!a.startsWith("-")) return false;      // a command name comes first: let it handle its options
        }
        return false;
    }

    /** Run one command line and return its exit code. */
    public static int run(Program program, String[] args) {
        chooseLogLevel(args);
        try (CliContext context = new CliContext()) {
            return commandLine(program, context).execute(args);
        }
    }

    /**
     * Set the log level before the first logger exists: WARN for short commands, INFO for the long-running ones and
     * with {@code -v}, ERROR with {@code -q}; an explicit {@code -Dathanor.log.level} wins.
     */
    static void chooseLogLevel(String[] args) {
        if (System.getProperty("athanor.log.level") != null) return;
        String level = "WARN";
        for (String a : args) {
            if (a.equals("server:run") || a.equals("demo:start") || a.startsWith("task-manager:scheduler:run")) level = "INFO";
        }
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) level = "INFO";
            if (a.equals("-q") || a.equals("--quiet")) level = "ERROR";
        }
        System.setProperty("athanor.log.level", level);
    }

    /** Build the picocli command line of a program, with every command wired to {@code context}. */
    public static CommandLine commandLine(Program program, CliContext context) {
        CommandWiring wiring = new CommandWiring(context);
        CommandLine cl = new CommandLine(new Root(context), wiring);
        CommandSpec spec = cl.getCommandSpec();
        spec.name("bin/" + program.binary);
        spec.usageMessage().description(program.description);
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        for (Class<?> c : program.commands) {
            CommandLine sub = new CommandLine(c, wiring);
            if (sub.getCommandSpec().usageMessage().footer().length == 0) sub.getCommandSpec().usageMessage().footer("");
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler(Cli::handleError);
        cl.setUsageHelpAutoWidth(true);
        context.attach(cl);
        return cl;
    }

    private static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof AthanorException ae) {
            err.println("[ERROR] " + Output.lines(ae.getMessage()));
            if (Boolean.getBoolean("athanor.debug") && ae.getCause() != null) ae.printStackTrace(err);
            err.flush();
            return exitCodeOf(ae.code());
        }
        err.println("[ERROR] unexpected failure: " + Output.lines(String.valueOf(e)));
        e.printStackTrace(err);
        err.flush();
        return 3;
    }

    /** Map an error code to the exit code documented by every command (1 setup, 2 bad argument, 3 fatal): {@link ErrorCode#exitCode()}. */
    public static int exitCodeOf(ErrorCode code) {
        return code.exitCode();
    }

    /** The top-level command: holds the options every command accepts. */
    @Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            subcommandsRepeatable = false,
            footerHeading = "%nRun 'list' for every command by namespace, 'help <command>' for one command.%n")
    static final class Root implements Runnable {
        private final CliContext context;
        @CommandLine.Spec CommandSpec spec;

        Root(CliContext context) {
            this.context = context;
        }

        @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print nothing but errors.")
        void quiet(boolean q) { context.quiet = q; }

        @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print more (progress details, logs at INFO).")
        void verbose(boolean v) { context.verbose = v; }

        @Option(names = {"-n", "--no-interaction"}, scope = ScopeType.INHERIT, description = "Never ask a question; use defaults or fail.")
        void noInteraction(boolean n) { context.interactive = !n; }

        @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
                description = "configuration.yml to use (default: config/configuration.yml of the program folder, or $ATHANOR_CONFIG).")
        void config(java.nio.file.Path file) { context.configOverride = file; }

        @Override public void run() {
            ListCommand.print(spec.commandLine(), context.out());
        }
    }

    /** Prints {@link org.athanor.core.Version#line()}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {org.athanor.core.Version.line()}; }
    }
}
