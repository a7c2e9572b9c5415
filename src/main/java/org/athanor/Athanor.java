package org.athanor;

import org.athanor.appbox.AdminLog;
import org.athanor.appbox.AppInfo;
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
import org.athanor.tasks.TaskRepository;

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
    // web: sessions, "remember me", login throttling, admin action log
    private final SessionService sessions;
    private final RememberTokens rememberTokens;
    private final LoginThrottle loginThrottle;
    private final AdminLog adminLog;

    private Athanor(AthanorConfig config, Box appbox) {
        this.config = config;
        this.appbox = appbox;
        this.users = new UserService(appbox.jdbi());
        this.registry = new Registry(appbox.jdbi());
        this.rights = new Rights(appbox.jdbi());
        this.info = new AppInfo(appbox.jdbi());
        this.databoxes = new Databoxes(registry);
        this.collections = new Collections(registry, databoxes);
        this.tasks = new TaskRepository(appbox.jdbi());
        this.sessions = new SessionService(appbox.jdbi(), config.session().idle(), config.session().lifetime());
        this.rememberTokens = new RememberTokens(appbox.jdbi());
        this.loginThrottle = new LoginThrottle(appbox.jdbi());
        this.adminLog = new AdminLog(appbox.jdbi());
    }

    /** Open the installation described by {@code config}: connect the appbox and check its schema is current. */
    public static Athanor open(AthanorConfig config) {
        Box appbox = Box.open(BoxKind.APPBOX, "appbox", connectionOf(config.main().database()));
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
            case H2 -> BoxConnection.h2(java.nio.file.Path.of(d.path()));
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
    public SessionService sessions() { return sessions; }
    public RememberTokens rememberTokens() { return rememberTokens; }
    public LoginThrottle loginThrottle() { return loginThrottle; }
    public AdminLog adminLog() { return adminLog; }

    /** The record reader of one databox. */
    public RecordReader records(DataboxId databox) {
        return new RecordReader(databox, databoxes.box(databox).jdbi(), config.main().storage().data());
    }

    @Override public void close() {
        databoxes.close();
        appbox.close();
    }
}
