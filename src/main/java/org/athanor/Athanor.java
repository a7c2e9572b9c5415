package org.athanor;

import org.athanor.appbox.AdminLog;
import org.athanor.appbox.AppInfo;
import org.athanor.appbox.ProcessRegistry;
import org.athanor.appbox.LoginThrottle;
import org.athanor.appbox.RememberTokens;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.Registry;
import org.athanor.appbox.Rights;
import org.athanor.appbox.UserService;
import org.athanor.config.AthanorConfig;
import org.athanor.config.DatabaseConfig;
import org.athanor.databox.Collections;
import org.athanor.databox.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.RecordReader;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.db.SchemaCheck;
import org.athanor.tasks.JobQueue;
import org.athanor.tasks.Scheduler;
import org.athanor.tasks.SchedulerRepository;
import org.athanor.tasks.TaskManager;
import org.athanor.tasks.TaskRepository;
import org.athanor.ingest.IngestService;
import org.athanor.ingest.Lazaret;
import org.athanor.media.ExifTool;
import org.athanor.media.MediaReader;
import org.athanor.media.MetadataWriter;
import org.athanor.media.SubdefGenerator;
import org.athanor.media.SubdefService;
import org.athanor.media.Tools;
import org.athanor.storage.DocumentStorage;
import org.athanor.storage.LocalDocumentStorage;
import org.athanor.tasks.TaskTypes;
import org.athanor.tasks.type.ArchiveTaskType;
import org.athanor.tasks.type.EmptyCollectionTaskType;
import org.athanor.tasks.type.PendingRecordsTaskType;
import org.athanor.tasks.type.NullTaskType;
import org.athanor.tasks.type.RecordDeletion;
import org.athanor.tasks.type.RecordMoverTaskType;
import org.athanor.search.RecordSource;
import org.athanor.search.SearchIndexTaskType;
import org.athanor.search.SearchService;
import org.athanor.search.lucene.LuceneSearchEngine;

/** Builds Athanor's object graph from a loaded configuration; CLI, web server and scheduler start here. */
public final class Athanor implements AutoCloseable {
    private final AthanorConfig config;
    private final Box appbox;
    private final UserService users;
    private final Registry registry;
    private final Rights rights;
    private final AppInfo info;
    private final Databoxes databoxes;
    private final Collections collections;
    private final TaskRepository tasks;
    // documents: storage, media tools, ingest, subdefs, metadata write-back
    private final Tools tools;
    private final ExifTool exiftool;
    private final DocumentStorage storage;
    private final Lazaret lazaret;
    private final MediaReader mediaReader;
    private final IngestService ingest;
    private final SubdefService subdefs;
    private final MetadataWriter metadataWriter;
    private final SchedulerRepository schedulerState;
    private final JobQueue jobs;
    private final TaskTypes taskTypes;
    private final TaskManager taskManager;
    // web: sessions, "remember me", login throttling, admin action log
    private final SessionService sessions;
    private final RememberTokens rememberTokens;
    private final LoginThrottle loginThrottle;
    private final AdminLog adminLog;
    private final ProcessRegistry processes;
    private SearchService search;   // opened on first use: it opens the index and starts its refresh thread

    private Athanor(AthanorConfig config, Box appbox) {
        this.config = config;
        this.appbox = appbox;
        this.users = new UserService(appbox.jdbi(), config.main().key());
        this.registry = Registry.of(appbox);
        this.rights = new Rights(appbox.jdbi());
        this.info = new AppInfo(appbox.jdbi());
        this.databoxes = new Databoxes(registry);
        this.collections = new Collections(registry, databoxes);
        this.tasks = new TaskRepository(appbox.jdbi());
        java.time.Clock clock = java.time.Clock.systemUTC();
        var storageConfig = config.main().storage();
        this.tools = new Tools(config.main().binaries());
        this.exiftool = tools.find("exiftool").map(p -> new ExifTool(p, tools.timeout("exiftool"))).orElse(null);
        this.storage = new LocalDocumentStorage(storageConfig.data(), clock);
        this.lazaret = new Lazaret(appbox.jdbi(), storageConfig.lazaretDir());
        this.mediaReader = new MediaReader(tools, exiftool, config.borderManager().extensionMapping());
        this.ingest = new IngestService(registry, databoxes, storage, mediaReader, config.borderManager(), lazaret, clock);
        this.subdefs = new SubdefService(registry, databoxes, storage,
                new SubdefGenerator(tools, config.borderManager().maxPixels()), storageConfig.tmpDir(), clock);
        this.metadataWriter = new MetadataWriter(databoxes, storage, exiftool, clock);
        this.schedulerState = new SchedulerRepository(appbox.jdbi());
        this.jobs = new JobQueue(appbox.jdbi());
        var deletion = new RecordDeletion(databoxes, config.main().storage().data());
        this.taskTypes = new TaskTypes(java.util.List.of(
                new NullTaskType(),
                PendingRecordsTaskType.subdefs(databoxes, jobs, (db, record) -> {
                    var report = subdefs.build(db, record);
                    if (!report.ok()) {
                        throw new AthanorException(ErrorCode.IO, "subdefinitions not made: " + report.failed());
                    }
                }),
                PendingRecordsTaskType.writeMetadata(databoxes, jobs, metadataWriter::write),
                new ArchiveTaskType(registry, databoxes, ingest),
                new RecordMoverTaskType(databoxes, deletion),
                new EmptyCollectionTaskType(registry, databoxes, deletion),
                new SearchIndexTaskType(this::search, jobs, () -> { })));   // the record-changed relay goes here when merged
        this.taskManager = new TaskManager(tasks, schedulerState, taskTypes);
        this.sessions = new SessionService(appbox.jdbi(), config.session().idle(), config.session().lifetime());
        this.rememberTokens = new RememberTokens(appbox.jdbi());
        this.loginThrottle = new LoginThrottle(appbox.jdbi());
        this.adminLog = new AdminLog(appbox.jdbi());
        this.processes = new ProcessRegistry(appbox.jdbi(), clock);
    }

    /** Open the installation described by {@code config}: connect the appbox and check its schema is current. */
    public static Athanor open(AthanorConfig config) {
        BoxConnection connection = connectionOf(config.main().database());
        if (connection.engine() == Engine.H2 && !java.nio.file.Files.isRegularFile(connection.h2File())) {
            throw new AthanorException(ErrorCode.NOT_INSTALLED, "No appbox database at " + connection.h2File() + ": main.database.path in "
                    + config.file() + " is " + config.main().database().path() + ". Nothing was created. Fix main.database.path in that "
                    + "file (it names the database file without .mv.db, e.g. <data>/db/appbox), use --config or ATHANOR_CONFIG to "
                    + "pick another configuration, or install with bin/setup system:install.");
        }
        Box appbox = Box.open(BoxKind.APPBOX, "appbox", connection);
        try {
            SchemaCheck.requireCurrent(appbox);
            return new Athanor(config, appbox);
        } catch (RuntimeException e) {
            appbox.close();
            throw e;
        }
    }

    /** Where the appbox lives, from {@code main.database}. */
    public static BoxConnection connectionOf(DatabaseConfig d) {
        return switch (d.driver()) {
            case H2 -> BoxConnection.h2(java.nio.file.Path.of(d.path()), d.password());
            case POSTGRESQL -> BoxConnection.server(Engine.POSTGRESQL, d.host(), d.port(), d.user(), d.password(), d.dbname());
            case MARIADB -> BoxConnection.server(Engine.MARIADB, d.host(), d.port(), d.user(), d.password(), d.dbname());
        };
    }

    public AthanorConfig config() { return config; }
    public Box appbox() { return appbox; }
    public UserService users() { return users; }
    public Registry registry() { return registry; }
    public Rights rights() { return rights; }
    public AppInfo info() { return info; }
    public Databoxes databoxes() { return databoxes; }
    public Collections collections() { return collections; }
    public TaskRepository tasks() { return tasks; }
    public Tools tools() { return tools; }
    public DocumentStorage storage() { return storage; }
    public Lazaret lazaret() { return lazaret; }
    public MediaReader mediaReader() { return mediaReader; }
    public IngestService ingest() { return ingest; }
    public SubdefService subdefs() { return subdefs; }
    public MetadataWriter metadataWriter() { return metadataWriter; }
    public JobQueue jobs() { return jobs; }
    public TaskTypes taskTypes() { return taskTypes; }
    public TaskManager taskManager() { return taskManager; }

    /**
     * A scheduler over this installation's tasks, logging in {@code logDir}; start it with {@link Scheduler#start()}.
     *
     * @throws AthanorException CONFIG_INVALID when {@code main.task-manager.enabled} is false
     */
    public Scheduler scheduler(java.nio.file.Path logDir) {
        var tm = config.main().taskManager();
        if (!tm.enabled()) {
            throw new AthanorException(ErrorCode.CONFIG_INVALID, "main.task-manager.enabled is false in configuration.yml: the "
                    + "scheduler may not run for this installation. Set it to true to run it.");
        }
        return new Scheduler(tasks, schedulerState, jobs, taskTypes, logDir, config.main().storage().tmpDir(),
                tm.stopDeadline(), tm.loggerMaxFiles(), Scheduler.TICK);
    }
    public SessionService sessions() { return sessions; }
    public RememberTokens rememberTokens() { return rememberTokens; }
    public LoginThrottle loginThrottle() { return loginThrottle; }
    public AdminLog adminLog() { return adminLog; }
    /** The running processes of the installation (servers, scheduler), with their heartbeats. */
    public ProcessRegistry processes() { return processes; }

    /**
     * The search service over the engine of {@code main.search-engine}, opened on first use.
     *
     * @throws AthanorException CONFIG_INVALID for {@code opensearch}, which this release does not include yet
     */
    public synchronized SearchService search() {
        if (search == null) {
            var engineConfig = config.main().searchEngine();
            if (!engineConfig.type().equals(org.athanor.config.SearchEngineConfig.LUCENE)) {
                throw new AthanorException(ErrorCode.CONFIG_INVALID, "main.search-engine.type is " + engineConfig.type()
                        + " in configuration.yml, which this release does not include yet. Set it to lucene.");
            }
            var source = new RecordSource(registry, databoxes, new RecordSource.Reader() {
                @Override public org.athanor.databox.RecordDetails show(DataboxId databox, org.athanor.databox.RecordId record) {
                    return records(databox).show(record);
                }
                @Override public long count(DataboxId databox) {
                    return records(databox).count();
                }
            });
            search = new SearchService(new LuceneSearchEngine(engineConfig.lucenePath()), source, registry, collections, users, rights);
        }
        return search;
    }

    /** The record reader of one databox. */
    public RecordReader records(DataboxId databox) {
        return new RecordReader(databox, databoxes.box(databox).jdbi(), config.main().storage().data());
    }

    @Override public void close() {
        synchronized (this) {
            if (search != null) search.close();
        }
        if (exiftool != null) exiftool.close();
        databoxes.close();
        appbox.close();
    }
}
