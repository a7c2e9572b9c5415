package org.athanor.cli;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.athanor.Athanor;
import picocli.CommandLine;

/**
 * Builds every command with the services it uses: the CLI's one wiring place. The services come from the installation
 * ({@link Athanor}) or from the setup wiring ({@link org.athanor.setup.Setup}), both on the run's clock, and are built
 * only when a command runs, so that {@code list} and {@code help} never open a database.
 *
 * <p>{@code server:run} and {@code demo:start} receive the {@link CliContext} alone: they open the installation and hand
 * it to the web server, which wires its handlers from it.
 */
final class CommandWiring implements CommandLine.IFactory {
    private final CliContext x;
    private final Map<Class<?>, Supplier<Object>> commands = new HashMap<>();

    CommandWiring(CliContext x) {
        this.x = x;
        // setup: works before an installation exists, or while it cannot be opened
        add(InstallCommand.class, () -> new InstallCommand(x, () -> x.setup().install()));
        add(SystemCheckCommand.class, () -> new SystemCheckCommand(x, () -> x.setup().systemCheck()));
        add(ConfigCheckCommand.class, () -> new ConfigCheckCommand(x, () -> x.setup().configCheck()));
        add(UpgradeCommand.class, () -> new UpgradeCommand(x, () -> x.setup().upgrade(x.configFile())));
        add(BackupDbCommand.class, () -> new BackupDbCommand(x, () -> x.setup().backups(x.config()), () -> a().adminLog()));
        add(RestoreDbCommand.class, () -> new RestoreDbCommand(x, () -> x.setup().restore(x.config())));
        add(MaintenanceCommand.class, () -> new MaintenanceCommand(x, x::maintenance));
        // the installation
        add(DataboxCreateCommand.class, () -> new DataboxCreateCommand(x, () -> new DataboxCreateCommand.Uses(a().databoxes(), a().users(), a().rights(), a().appboxConnection())));
        add(DataboxListCommand.class, () -> new DataboxListCommand(x, () -> new DataboxListCommand.Uses(a().databoxes(), a()::recordStore)));
        add(CollectionCreateCommand.class, () -> new CollectionCreateCommand(x, () -> new CollectionCreateCommand.Uses(a().registry(), a().users(), a().collections(), a().rights())));
        add(CollectionListCommand.class, () -> new CollectionListCommand(x, () -> new CollectionListCommand.Uses(a().collections())));
        add(FieldsListCommand.class, () -> new FieldsListCommand(x, () -> new FieldsListCommand.Uses(a().databoxes(), a().registry())));
        add(CleanupLegacyCommand.class, () -> new CleanupLegacyCommand(x, () -> new CleanupLegacyCommand.Uses(a().legacyTables())));
        // users and sessions
        add(UserListCommand.class, () -> new UserListCommand(x, () -> new UserListCommand.Uses(a().users())));
        add(UserCreateCommand.class, () -> new UserCreateCommand(x, () -> new UserCreateCommand.Uses(a().users(), a().adminLog())));
        add(UserGrantCommand.class, () -> new UserGrantCommand(x, () -> new UserGrantCommand.Uses(a().users(), a().registry(), a().rights(), a().adminLog())));
        add(UserPasswordCommand.class, () -> new UserPasswordCommand(x, () -> new UserPasswordCommand.Uses(a().users(), a().adminLog())));
        add(SessionsListCommand.class, () -> new SessionsListCommand(x, () -> new SessionsListCommand.Uses(a().sessions())));
        add(SessionsDisconnectCommand.class, () -> new SessionsDisconnectCommand(x, () -> new SessionsDisconnectCommand.Uses(a().sessions(), a().users(), a().adminLog())));
        // records
        add(RecordsAddCommand.class, () -> new RecordsAddCommand(x, () -> new RecordsAddCommand.Uses(a().registry(), a().ingest())));
        add(RecordsShowCommand.class, () -> new RecordsShowCommand(x, () -> new RecordsShowCommand.Uses(a().registry(), a()::recordStore, a().jobs())));
        add(RecordsBuildSubdefsCommand.class, () -> new RecordsBuildSubdefsCommand(x, () -> new RecordsBuildSubdefsCommand.Uses(records(), a().databoxes(), a().subdefs())));
        add(RecordsRescanTechnicalDatasCommand.class, () -> new RecordsRescanTechnicalDatasCommand(x, () -> new RecordsRescanTechnicalDatasCommand.Uses(records(), a().ingest())));
        add(RecordsWriteMetadataCommand.class, () -> new RecordsWriteMetadataCommand(x, () -> new RecordsWriteMetadataCommand.Uses(records(), a().metadataWriter())));
        // task manager
        Supplier<SchedulerCommands.Uses> tm = this::taskManager;
        add(SchedulerCommands.Run.class, () -> new SchedulerCommands.Run(x, tm));
        add(SchedulerCommands.Start.class, () -> new SchedulerCommands.Start(x, tm));
        add(SchedulerCommands.Stop.class, () -> new SchedulerCommands.Stop(x, tm));
        add(SchedulerCommands.State.class, () -> new SchedulerCommands.State(x, tm));
        add(SchedulerCommands.Pause.class, () -> new SchedulerCommands.Pause(x, tm));
        add(SchedulerCommands.Resume.class, () -> new SchedulerCommands.Resume(x, tm));
        add(TaskCommands.ListTasks.class, () -> new TaskCommands.ListTasks(x, tm));
        add(TaskCommands.Create.class, () -> new TaskCommands.Create(x, tm));
        add(TaskCommands.Start.class, () -> new TaskCommands.Start(x, tm));
        add(TaskCommands.Stop.class, () -> new TaskCommands.Stop(x, tm));
        add(TaskCommands.State.class, () -> new TaskCommands.State(x, tm));
        add(TaskCommands.Run.class, () -> new TaskCommands.Run(x, tm));
        add(TaskCommands.Log.class, () -> new TaskCommands.Log(x, tm));
    }

    private void add(Class<?> command, Supplier<Object> create) {
        commands.put(command, create);
    }

    /** The installation, opened on first use (once per run). */
    private Athanor a() {
        return x.athanor();
    }

    private RecordSelection.Source records() {
        Athanor a = a();
        return new RecordSelection.Source(a.registry(), a::recordStore);
    }

    private SchedulerCommands.Uses taskManager() {
        Athanor a = a();
        Path logs = SchedulerCommands.logDir(a);
        return new SchedulerCommands.Uses(a.taskManager(), a.jobs(), a.adminLog(), logs, () -> a.scheduler(logs));
    }

    /** A command listed above, else one with a {@link CliContext} constructor, else picocli's default (mixins, groups). */
    @Override public <K> K create(Class<K> cls) throws Exception {
        Supplier<Object> wired = commands.get(cls);
        if (wired != null) return cls.cast(wired.get());
        try {
            Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
            c.setAccessible(true);
            return c.newInstance(x);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
