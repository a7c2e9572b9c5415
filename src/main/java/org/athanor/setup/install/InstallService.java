package org.athanor.setup.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.appbox.AppInfo;
import org.athanor.appbox.Registry;
import org.athanor.appbox.Rights;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.config.ConfigTemplate;
import org.athanor.config.ConfigWriter;
import org.athanor.config.DatabaseDriver;
import org.athanor.ids.BaseId;
import org.athanor.databox.Collections;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.DatabaseServer;
import org.athanor.db.EmbeddedDatabaseSecurity;
import org.athanor.db.SchemaMigrator;
import org.athanor.tasks.TaskRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Athanor as Phraseanet's installer does: appbox, admin, a databox from a template with a collection
 * {@code test}, the Subdefs and WriteMetadata tasks (started), then configuration.yml last.
 *
 * <p>It refuses to touch an existing installation (a configuration file, or a box database that holds tables) unless
 * forced; on failure it removes what it made, so that nothing stays half-installed.
 */
public final class InstallService {
    private static final Logger LOG = LoggerFactory.getLogger(InstallService.class);
    /** Name of the collection every new installation gets, as in Phraseanet. */
    public static final String FIRST_COLLECTION = "test";

    /** Install, or throw leaving the machine as it was (or, with --force, without the old installation). */
    public InstallResult install(InstallRequest r, Progress progress) {
        // every H2 box of the installation gets the same random password, kept in configuration.yml (0600)
        String h2Password = r.driver() == DatabaseDriver.H2 ? EmbeddedDatabaseSecurity.newPassword() : null;
        BoxConnection appboxConnection = connection(r, r.appboxName(), h2Password);
        BoxConnection databoxConnection = connection(r, r.databoxName(), h2Password);
        refuseExistingInstallation(r, appboxConnection, databoxConnection);

        List<Path> createdFolders = new ArrayList<>();
        List<BoxConnection> createdDatabases = new ArrayList<>();
        try {
            if (r.force()) {
                progress.step("Removing the previous installation's databases (--force)");
                for (BoxConnection c : List.of(appboxConnection, databoxConnection))
                    if (DatabaseServer.exists(c)) DatabaseServer.drop(c);
            }
            progress.step("Creating data folders under " + r.dataPath());
            for (Path p : dataFolders(r.dataPath())) createFolder(p, createdFolders);
            if (r.driver() == DatabaseDriver.H2) createFolder(r.dataPath().resolve("db"), createdFolders);

            progress.step("Creating the appbox " + appboxConnection.describe());
            if (!DatabaseServer.exists(appboxConnection)) createdDatabases.add(appboxConnection);
            DatabaseServer.createIfMissing(appboxConnection);
            InstallResult result;
            try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", appboxConnection)) {
                SchemaMigrator.migrate(appbox);
                progress.step("Creating the admin user " + r.adminEmail());
                User admin = new UserService(appbox.jdbi()).create(
                        new UserService.NewUser(r.adminEmail(), r.adminEmail(), r.adminPassword(), true, r.language()));

                progress.step("Creating the databox " + r.databoxName() + " from template " + r.template().templateName());
                Registry registry = Registry.of(appbox);
                if (!DatabaseServer.exists(databoxConnection)) createdDatabases.add(databoxConnection);
                DataboxId databox;
                BaseId collection;
                try (Databoxes databoxes = new Databoxes(registry)) {
                    databox = databoxes.create(r.databoxName(), r.template(), databoxConnection);
                    collection = new Collections(registry, databoxes).create(databox, FIRST_COLLECTION);
                }
                Rights rights = new Rights(appbox.jdbi());
                rights.grantAll(admin.id(), databox);
                rights.grantAll(admin.id(), collection);

                progress.step("Creating the default tasks Subdefs and WriteMetadata");
                TaskRepository tasks = new TaskRepository(appbox.jdbi());
                tasks.create("Subdefs", TaskRepository.SUBDEFS, TaskRepository.SUBDEFS_SETTINGS, 10, true);
                tasks.create("WriteMetadata", TaskRepository.WRITE_METADATA, TaskRepository.WRITE_METADATA_SETTINGS, 10, true);

                AppInfo info = new AppInfo(appbox.jdbi());
                info.put(AppInfo.VERSION, Version.NUMBER);
                info.put(AppInfo.INSTALLED_AT, Instant.now().toString());
                var releases = new org.athanor.appbox.BoxReleases(appbox.jdbi());
                releases.record(BoxKind.APPBOX, 0, Version.CURRENT, SchemaMigrator.latestVersion(BoxKind.APPBOX));
                result = new InstallResult(r.configFile(), r.dataPath(), admin.login(), databox, collection, r.serverName());
            }
            progress.step("Writing " + r.configFile());
            Files.createDirectories(r.configFile().getParent());
            ConfigWriter.write(r.configFile(), ConfigTemplate.render(templateValues(r, h2Password)));
            LOG.info("installed Athanor {} in {}", Version.NUMBER, r.dataPath());
            return result;
        } catch (IOException | RuntimeException e) {
            rollback(createdDatabases, createdFolders, e);
            if (e instanceof AthanorException ae) throw ae;
            throw new AthanorException(ErrorCode.INTERNAL, "Installation failed: " + e.getMessage()
                    + ". What it had made was removed; fix the cause and run system:install again.", e);
        }
    }

    private static void refuseExistingInstallation(InstallRequest r, BoxConnection appbox, BoxConnection databox) {
        if (r.force()) return;
        if (Files.exists(r.configFile()))
            throw new AthanorException(ErrorCode.ALREADY_INSTALLED, "An installation already exists: " + r.configFile()
                    + " is present. Nothing was changed. To replace that installation "
                    + "(its databases are dropped), run system:install again with --force.");
        for (BoxConnection c : List.of(appbox, databox)) {
            if (DatabaseServer.exists(c) && !isEmptyOrNew(c))
                throw new AthanorException(ErrorCode.ALREADY_INSTALLED, "The database " + c.describe()
                        + " already holds tables. Nothing was changed. Choose other names (--appbox, --databox), drop that "
                        + "database, or run again with --force to replace it.");
        }
    }

    /**
     * Return whether the database holds no table. An H2 file of an earlier installation has another password than the
     * one just generated: it cannot be looked into, and counts as holding tables.
     */
    private static boolean isEmptyOrNew(BoxConnection c) {
        try {
            return DatabaseServer.isEmpty(c);
        } catch (AthanorException e) {
            if (c.engine() == org.athanor.db.Engine.H2) return false;
            throw e;
        }
    }

    private static BoxConnection connection(InstallRequest r, String name, String h2Password) {
        if (r.driver() == DatabaseDriver.H2) return BoxConnection.h2(r.dataPath().resolve("db").resolve(name), h2Password);
        return BoxConnection.server(InstallRequest.engine(r.driver()), r.dbHost(), r.dbPort(), r.dbUser(), r.dbPassword(), name);
    }

    /** The folders every installation has under its data path. */
    static List<Path> dataFolders(Path data) {
        return List.of(data, data.resolve("tmp"), data.resolve("cache"), data.resolve("lazaret"), data.resolve("download"),
                data.resolve("backups"), data.resolve("index"));
    }

    private static void createFolder(Path p, List<Path> created) throws IOException {
        boolean existed = Files.isDirectory(p);
        EmbeddedDatabaseSecurity.createPrivateFolder(p);   // 0700: documents and H2 files are the installation's alone
        if (!existed) created.add(p);
    }

    private static Map<String, String> templateValues(InstallRequest r, String h2Password) {
        boolean h2 = r.driver() == DatabaseDriver.H2;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("servername", r.serverName());
        v.put("key", HexFormat.of().formatHex(key));
        v.put("database.driver", r.driver().yamlName());
        v.put("database.path", h2 ? r.dataPath().resolve("db").resolve(r.appboxName()).toString() : null);
        v.put("database.host", h2 ? null : r.dbHost());
        v.put("database.port", h2 ? null : Integer.toString(r.dbPort()));
        v.put("database.user", h2 ? null : r.dbUser());
        v.put("database.password", h2 ? h2Password : r.dbPassword());
        v.put("database.dbname", h2 ? null : r.appboxName());
        v.put("storage.data", r.dataPath().toString());
        v.put("http.host", r.httpHost());
        v.put("http.port", Integer.toString(r.httpPort()));
        return v;
    }

    private static void rollback(List<BoxConnection> databases, List<Path> folders, Exception cause) {
        for (BoxConnection c : databases) {
            try {
                DatabaseServer.drop(c);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        for (int i = folders.size() - 1; i >= 0; i--) {
            try {
                deleteTree(folders.get(i));
            } catch (UncheckedIOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
