package org.athanor;

import java.time.Clock;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.Maintenance;
import org.athanor.appbox.AppInfo;
import org.athanor.appbox.ProcessRegistry;
import org.athanor.appbox.LoginThrottle;
import org.athanor.appbox.RememberTokens;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.Registry;
import org.athanor.appbox.Rights;
import org.athanor.appbox.UserService;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigWatcher;
import org.athanor.config.DatabaseConfig;
import org.athanor.databox.Collections;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.RecordStore;
import org.athanor.databox.Records;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.DatabaseHealth;
import org.athanor.db.Engine;
import org.athanor.db.SchemaCheck;
import org.athanor.setup.LegacyTables;
import org.athanor.tasks.JobQueue;
import org.athanor.tasks.RecordChangeRelay;
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
    private final Records records;
    private final RecordChangeRelay recordChanges;
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
    // configuration.yml as running processes see it, and the maintenance switch that writes it
    private final ConfigWatcher liveConfig;
    private final Maintenance maintenance;
    private final DatabaseHealth appboxHealth;
    private final LegacyTables legacyTables;
    private final Clock clock;
    private SearchService search;   // opened on first use: it opens the index and starts its refresh thread

    private Athanor(AthanorConfig config, Box appbox, Clock clock) {
        this.config = config;
        this.appbox = appbox;
        this.clock = clock;
        this.users = new UserService(appbox.jdbi(), config.main().key());
        this.registry = Registry.of(appbox);
        this.rights = new Rights(appbox.jdbi());
        this.info = new AppInfo(appbox.jdbi());
        this.databoxes = new Databoxes(registry);
        this.collections = new Collections(registry, databoxes);
        this.tasks = new TaskRepository(appbox.jdbi());
        var storageConfig = config.main().storage();
        this.tools = new Tools(config.main().binaries());
        this.exiftool = tools.find("exiftool").map(p -> new ExifTool(p, tools.timeout("exiftool"))).orElse(null);
        this.storage = new LocalDocumentStorage(storageConfig.data(), storageConfig.lazaretDir(), clock);
        this.records = new Records(databoxes, storage, clock);
        this.lazaret = new Lazaret(appbox.jdbi(), storage);
        this.mediaReader = new MediaReader(tools, exiftool, config.borderManager().extensionMapping());
        this.ingest = new IngestService(registry, databoxes, records, storage, mediaReader, config.borderManager(), lazaret, clock);
        this.subdefs = new SubdefService(registry, databoxes, records, storage,
                new SubdefGenerator(tools, config.borderManager().maxPixels()), storageConfig.tmpDir());
        this.metadataWriter = new MetadataWriter(databoxes, records, storage, exiftool);
        this.schedulerState = new SchedulerRepository(appbox.jdbi());
        this.jobs = new JobQueue(appbox.jdbi(), clock);
        this.recordChanges = new RecordChangeRelay(databoxes, records, jobs);
        records.onChangesCommitted(recordChanges::relay);
        databoxes.onStructureChanged(databox -> search().queueDatabox(databox, jobs));   // reindexed by the search-index task
        this.taskTypes = new TaskTypes(java.util.List.of(
                new NullTaskType(),
                PendingRecordsTaskType.subdefs(databoxes, jobs, (db, record) -> {
                    var report = subdefs.build(db, record);
                    if (!report.ok()) {
                        throw new AthanorException(ErrorCode.IO, "subdefinitions not made: " + report.failed());
                    }
                }),
                PendingRecordsTaskType.writeMetadata(databoxes, jobs, metadataWriter::write),
                new ArchiveTaskType(registry, records, ingest),
                new RecordMoverTaskType(records, clock),
                new EmptyCollectionTaskType(registry, records),
                new SearchIndexTaskType(this::search, jobs, () -> recordChanges.relayAll())));   // relay first: the pass then sees every committed change
        this.taskManager = new TaskManager(tasks, schedulerState, taskTypes);
        this.sessions = new SessionService(appbox.jdbi(), config.session().idle(), config.session().lifetime());
        this.rememberTokens = new RememberTokens(appbox.jdbi());
        this.loginThrottle = new LoginThrottle(appbox.jdbi());
        this.adminLog = new AdminLog(appbox.jdbi(), clock);
        this.processes = new ProcessRegistry(appbox.jdbi(), clock);
        this.liveConfig = new ConfigWatcher(config, null);
        this.maintenance = new Maintenance(config.file(), adminLog, liveConfig::check);
        this.appboxHealth = new DatabaseHealth(appbox);
        this.legacyTables = new LegacyTables(() -> {
            java.util.List<Box> boxes = new java.util.ArrayList<>();
            boxes.add(appbox);
            for (var d : registry.databoxes()) boxes.add(databoxes.box(d.id()));
            return boxes;
        });
    }

    /** Open the installation described by {@code config} on the system clock (UTC): see {@link #open(AthanorConfig, Clock)}. */
    public static Athanor open(AthanorConfig config) {
        return open(config, Clock.systemUTC());
    }

    /**
     * Open the installation described by {@code config}: connect the appbox and check its schema is current. Every
     * service reads the time from {@code clock} (the CLI gives the same clock to {@code org.athanor.setup.Setup}).
     */
    public static Athanor open(AthanorConfig config, Clock clock) {
        BoxConnection connection = BoxConnection.of(config.main().database());
        if (connection.engine() == Engine.H2 && !java.nio.file.Files.isRegularFile(connection.h2File())) {
            throw new AthanorException(ErrorCode.NOT_INSTALLED, "No appbox database at " + connection.h2File() + ": main.database.path in "
                    + config.file() + " is " + config.main().database().path() + ". Nothing was created. Fix main.database.path in that "
                    + "file (it names the database file without .mv.db, e.g. <data>/db/appbox), use --config or ATHANOR_CONFIG to "
                    + "pick another configuration, or install with bin/setup system:install.");
        }
        Box appbox = Box.open(BoxKind.APPBOX, "appbox", connection);
        try {
            SchemaCheck.requireCurrent(appbox);
            return new Athanor(config, appbox, clock);
        } catch (RuntimeException e) {
            appbox.close();
            throw e;
        }
    }

    public AthanorConfig config() { return config; }
    /** The appbox itself, for tests and setup code; web handlers and CLI commands ask the services below instead. */
    public Box appbox() { return appbox; }
    /** Where the appbox lives; new databoxes live beside it by default. */
    public BoxConnection appboxConnection() { return appbox.connection(); }
    /** Whether the appbox answers, for /health and the web server's outage handling. */
    public DatabaseHealth appboxHealth() { return appboxHealth; }
    /** configuration.yml as it is now: re-read when the file changes once {@link ConfigWatcher#start() started}; closed with this object. */
    public ConfigWatcher liveConfig() { return liveConfig; }
    /** The maintenance switch (configuration.yml + admin log). */
    public Maintenance maintenance() { return maintenance; }
    /** The Phraseanet tables kept aside by the upgrade. */
    public LegacyTables legacyTables() { return legacyTables; }
    /** The clock every service of this installation reads. */
    public Clock clock() { return clock; }
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
    /** The one write path for records; every change it makes becomes a {@code record-changed} job. */
    public Records records() { return records; }
    /** Moves "record changed" events from the databoxes' outboxes to the job queue. */
    public RecordChangeRelay recordChanges() { return recordChanges; }
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
                tm.stopDeadline(), tm.loggerMaxFiles(), Scheduler.TICK).housekeeping(recordChanges::relayAll);
    }
    public SessionService sessions() { return sessions; }
    public RememberTokens rememberTokens() { return rememberTokens; }
    public LoginThrottle loginThrottle() { return loginThrottle; }
    public AdminLog adminLog() { return adminLog; }
    /** The running processes of the installation (servers, scheduler), with their heartbeats. */
    public ProcessRegistry processes() { return processes; }

    /** The record rows of one databox (ids, marks, files) as the records:* commands select them. */
    public RecordStore recordStore(DataboxId databox) {
        return records.store(databox);
    }

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
                @Override public org.athanor.databox.RecordDetails show(DataboxId databox, org.athanor.ids.RecordId record) {
                    return recordStore(databox).show(record);
                }
                @Override public long count(DataboxId databox) {
                    return recordStore(databox).count();
                }
            });
            search = new SearchService(new LuceneSearchEngine(engineConfig.lucenePath()), source, registry, collections, users, rights);
        }
        return search;
    }

    @Override public void close() {
        synchronized (this) {
            if (search != null) search.close();
        }
        liveConfig.close();
        if (exiftool != null) exiftool.close();
        databoxes.close();
        appbox.close();
    }
}
