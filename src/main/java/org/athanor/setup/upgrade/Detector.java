package org.athanor.setup.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.ReleaseVersion;
import org.athanor.appbox.BoxReleases;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.db.SchemaMigrator;
import org.athanor.setup.upgrade.DetectedInstallation.BoxVersion;
import org.athanor.setup.upgrade.DetectedInstallation.Product;

/**
 * Finds what is installed, reading only: the configuration's shape, then each box's schema history, version records
 * ({@code box_releases}), an interrupted upgrade's record ({@code upgrade_checkpoints}), or Phraseanet's
 * {@code sitepreff.version} and databox {@code pref} version.
 */
final class Detector {
    /** Checkpoint holding the release an upgrade in progress started from; read back after a crash. */
    static final String FROM_CHECKPOINT = "upgrade.from";

    private Detector() {}

    static Installation open(Path configFile, Path programHome, String pauseAt) {
        return open(configFile, programHome, pauseAt, true);
    }

    /**
     * Open the installation; with {@code restrictModes} false its H2 files are opened without making their folder 0700 and
     * files 0600 (what {@code check:system} needs: it reports the modes and changes nothing).
     */
    static Installation open(Path configFile, Path programHome, String pauseAt, boolean restrictModes) {
        Path file = configFile.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new AthanorException(ErrorCode.NOT_INSTALLED, "No configuration at " + file + ". Copy the config/ folder of the "
                    + "installation to upgrade into this program folder (or pass --config FILE), then run bin/setup system:upgrade.", e);
        } catch (java.io.IOException e) {
            throw new AthanorException(ErrorCode.CONFIG_INVALID, file + ": cannot be read (" + e.getMessage() + ").", e);
        }
        JsonNode tree = yamlTree(text, file);
        return isPhraseanetConfig(tree) ? openPhraseanet(file, programHome, tree, pauseAt) : openAthanor(file, programHome, pauseAt, restrictModes);
    }

    /** Parse YAML into a tree; a file that is not YAML fails with its path. */
    static JsonNode yamlTree(String text, Path file) {
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(text);
            return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        } catch (java.io.IOException e) {
            throw new AthanorException(ErrorCode.CONFIG_INVALID, file + ": is not valid YAML (" + e.getMessage().lines().findFirst().orElse("")
                    + "). Fix the file, or copy the config/ folder of the installation again.", e);
        }
    }

    /** Phraseanet 3.8's file: {@code main.database.driver: pdo_mysql} (Athanor's drivers are h2, postgresql, mariadb). */
    static boolean isPhraseanetConfig(JsonNode tree) {
        String driver = tree.path("main").path("database").path("driver").asText("");
        return driver.startsWith("pdo_");
    }

    // --- Athanor

    private static Installation openAthanor(Path file, Path home, String pauseAt, boolean restrictModes) {
        AthanorConfig config = ConfigLoader.load(file);
        BoxConnection ac = BoxConnection.of(config.main().database());
        requireExists(ac, "appbox", "main.database");
        List<Path> h2Locks = new ArrayList<>();
        List<String> live = new ArrayList<>();
        noteH2Lock(ac, h2Locks);
        noteLive(ac, "appbox", live);
        Box appbox = Box.open(BoxKind.APPBOX, "appbox", ac, restrictModes);
        List<InstalledDatabox> databoxes = new ArrayList<>();
        try {
            Optional<String> appSchema = SchemaMigrator.currentVersion(appbox);
            if (appSchema.isEmpty()) {
                throw UpgradeRefusedException.unknown("The appbox " + appbox.describe() + " holds no Athanor schema history ("
                        + SchemaMigrator.HISTORY_TABLE + "): it is not an Athanor installation.");
            }
            for (RegisteredDatabox d : Registry.of(appbox).databoxes()) {
                requireExists(d.connection(), "databox '" + d.name() + "' (sbas_id " + d.id().value() + ")", "the appbox's databoxes table");
                noteH2Lock(d.connection(), h2Locks);
                noteLive(d.connection(), "databox '" + d.name() + "'", live);
                databoxes.add(new InstalledDatabox(d.id().value(), d.name(), Box.open(BoxKind.DATABOX, d.name(), d.connection(), restrictModes)));
            }
            DetectedInstallation detected = detectAthanor(appbox, appSchema.get(), databoxes);
            Installation installation = new Installation(file, home, appbox, databoxes, detected, pauseAt);
            installation.h2LocksAtOpen(h2Locks);
            installation.liveConnectionsAtOpen(live);
            return installation;
        } catch (RuntimeException e) {
            databoxes.forEach(d -> d.box().close());
            appbox.close();
            throw e;
        }
    }

    /** The databoxes registered in an Athanor appbox, opened. */
    static List<InstalledDatabox> registeredDataboxes(Box appbox) {
        List<InstalledDatabox> list = new ArrayList<>();
        for (RegisteredDatabox d : Registry.of(appbox).databoxes()) {
            list.add(new InstalledDatabox(d.id().value(), d.name(), Box.open(BoxKind.DATABOX, d.name(), d.connection())));
        }
        return list;
    }

    private static DetectedInstallation detectAthanor(Box appbox, String appSchema, List<InstalledDatabox> databoxes) {
        Map<String, ReleaseVersion> records = tableExists(appbox, "box_releases")   // none before appbox schema 6
                ? new BoxReleases(appbox.jdbi()).readAll() : Map.of();
        Optional<ReleaseVersion> interrupted = interruptedFrom(appbox);
        List<BoxVersion> boxes = new ArrayList<>();
        boxes.add(boxVersion(BoxKind.APPBOX, "appbox", 0, appSchema, records.get(BoxReleases.key(BoxKind.APPBOX, 0))));
        for (InstalledDatabox d : databoxes) {
            String schema = SchemaMigrator.currentVersion(d.box()).orElse("0");
            boxes.add(boxVersion(BoxKind.DATABOX, d.name(), d.sbasId(), schema, records.get(BoxReleases.key(BoxKind.DATABOX, d.sbasId()))));
        }
        BoxVersion app = boxes.get(0);
        if (interrupted.isPresent()) {
            return new DetectedInstallation(Product.ATHANOR, interrupted.get(), "an interrupted upgrade from " + interrupted.get()
                    + " (upgrade_checkpoints); " + app.evidence(), boxes);
        }
        return new DetectedInstallation(Product.ATHANOR, app.release(), app.evidence(), boxes);
    }

    /**
     * The release of one box: its version record when there is one; else the release that shipped its schema
     * (alpha.1, alpha.2); a schema this program ships but no release recorded is a build between releases, counted
     * as the last release before it; a schema this program does not know is a newer release's.
     */
    private static BoxVersion boxVersion(BoxKind kind, String name, int sbasId, String schema, ReleaseVersion recorded) {
        String what = kind.folder() + " schema " + schema;
        if (recorded != null) return new BoxVersion(kind, name, sbasId, schema, recorded, what + ", recorded release " + recorded);
        Optional<Releases.KnownRelease> known = Releases.byBoxSchema(kind, schema);
        if (known.isPresent()) return new BoxVersion(kind, name, sbasId, schema, known.get().version(), what);
        int s = parseSchema(schema);
        int latest = parseSchema(Releases.currentSchema(kind));
        if (s == latest) return new BoxVersion(kind, name, sbasId, schema, Releases.current(), what + ", this program's");
        if (s > latest) {
            return new BoxVersion(kind, name, sbasId, schema, UNKNOWN_NEWER, what + ", newer than this program's " + latest);
        }
        Releases.KnownRelease before = null;
        for (Releases.KnownRelease r : Releases.beforeRecords()) {
            if (parseSchema(kind == BoxKind.APPBOX ? r.appboxSchema() : r.databoxSchema()) <= s) before = r;
        }
        if (before == null) {
            return new BoxVersion(kind, name, sbasId, schema, UNKNOWN_OLDER, what + ", older than any release");
        }
        return new BoxVersion(kind, name, sbasId, schema, before.version(), what + ", a build after " + before.version());
    }

    /** Stand-in release of a box whose schema is newer than this program's and records no release. */
    static final ReleaseVersion UNKNOWN_NEWER = ReleaseVersion.parse("999.0.0");
    /** Stand-in release of a box whose schema predates every release. */
    static final ReleaseVersion UNKNOWN_OLDER = ReleaseVersion.parse("0.0.0");

    static int parseSchema(String schema) {
        try {
            return Integer.parseInt(schema.contains(".") ? schema.substring(0, schema.indexOf('.')) : schema);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The release an interrupted upgrade started from ({@value #FROM_CHECKPOINT}), if one is in progress. */
    static Optional<ReleaseVersion> interruptedFrom(Box appbox) {
        if (!UpgradeTables.exist(appbox)) return Optional.empty();
        return new Checkpoints(appbox).get(FROM_CHECKPOINT).map(ReleaseVersion::parse);
    }

    // --- Phraseanet

    private static Installation openPhraseanet(Path file, Path home, JsonNode tree, String pauseAt) {
        JsonNode db = tree.path("main").path("database");
        String driver = db.path("driver").asText();
        if (!driver.equals("pdo_mysql")) {
            throw UpgradeRefusedException.unknown(file + ": main.database.driver is '" + driver + "'; a Phraseanet installation "
                    + "Athanor imports runs on MySQL or MariaDB (pdo_mysql).");
        }
        BoxConnection ac = BoxConnection.server(Engine.MARIADB, db.path("host").asText("localhost"), db.path("port").asInt(3306),
                db.path("user").asText(""), db.path("password").asText(""), db.path("dbname").asText(""));
        requireExists(ac, "Phraseanet appbox", "main.database");
        Box appbox = Box.open(BoxKind.APPBOX, "appbox", ac);
        List<InstalledDatabox> databoxes = new ArrayList<>();
        try {
            Optional<String> version = phraseanetAppboxVersion(appbox);
            if (version.isEmpty()) {
                throw UpgradeRefusedException.unknown("The database " + ac.describe() + " (main.database of " + file
                        + ", a Phraseanet configuration) has no sitepreff table with a version: it is not a Phraseanet appbox.");
            }
            ReleaseVersion release = parsePhraseanet(version.get(), "sitepreff.version of " + ac.describe());
            List<BoxVersion> boxes = new ArrayList<>();
            boxes.add(new BoxVersion(BoxKind.APPBOX, "appbox", 0, "0", release, "sitepreff.version " + version.get()));
            for (PhraseanetDatabox p : phraseanetDataboxes(appbox, ac)) {
                if (!DatabaseServer.exists(p.connection())) {
                    throw UpgradeRefusedException.unknown("The Phraseanet databox sbas_id " + p.sbasId() + " (table sbas of "
                            + ac.describe() + ") points at " + p.connection().describe() + ", which does not exist.");
                }
                Box box = Box.open(BoxKind.DATABOX, p.name(), p.connection());
                databoxes.add(new InstalledDatabox(p.sbasId(), p.name(), box));
                String v = phraseanetDataboxVersion(box).orElse("unknown");
                ReleaseVersion dv = v.equals("unknown") ? Detector.UNKNOWN_OLDER : parsePhraseanet(v, "pref.version of " + p.connection().describe());
                boxes.add(new BoxVersion(BoxKind.DATABOX, p.name(), p.sbasId(), "0", dv, "pref version " + v));
            }
            DetectedInstallation detected = new DetectedInstallation(Product.PHRASEANET, release,
                    "sitepreff.version in " + ac.describe(), boxes);
            return new Installation(file, home, appbox, databoxes, detected, pauseAt);
        } catch (RuntimeException e) {
            databoxes.forEach(d -> d.box().close());
            appbox.close();
            throw e;
        }
    }

    private static ReleaseVersion parsePhraseanet(String value, String where) {
        try {
            return ReleaseVersion.parse(value);
        } catch (AthanorException e) {
            throw UpgradeRefusedException.unknown("The Phraseanet version '" + value + "' in " + where + " is not a version number.");
        }
    }

    private record PhraseanetDatabox(int sbasId, String name, BoxConnection connection) {}

    private static List<PhraseanetDatabox> phraseanetDataboxes(Box appbox, BoxConnection appboxConnection) {
        return appbox.jdbi().withHandle(h -> h.createQuery("SELECT sbas_id, host, port, user, pwd, dbname FROM "
                + java.util.Objects.requireNonNullElse(phraseanetTable(appbox, "sbas"), "sbas") + " ORDER BY sbas_id")
                .map((rs, ctx) -> {
                    String host = rs.getString("host");
                    int port = rs.getInt("port");
                    String user = rs.getString("user");
                    String pwd = rs.getString("pwd");
                    String dbname = rs.getString("dbname");
                    BoxConnection c = BoxConnection.server(Engine.MARIADB,
                            host == null || host.isBlank() ? appboxConnection.host() : host,
                            port == 0 ? appboxConnection.port() : port,
                            user == null || user.isBlank() ? appboxConnection.user() : user,
                            pwd == null ? appboxConnection.password() : pwd, dbname);
                    return new PhraseanetDatabox(rs.getInt("sbas_id"), dbname, c);
                }).list());
    }

    static Optional<String> phraseanetAppboxVersion(Box appbox) {
        String sitepreff = phraseanetTable(appbox, "sitepreff");
        if (sitepreff == null) return Optional.empty();
        return appbox.jdbi().withHandle(h -> h.createQuery("SELECT version FROM " + sitepreff + " ORDER BY id").mapTo(String.class).findFirst())
                .filter(v -> !v.isBlank());
    }

    static Optional<String> phraseanetDataboxVersion(Box databox) {
        String pref = phraseanetTable(databox, "pref");
        if (pref == null) return Optional.empty();
        return databox.jdbi().withHandle(h -> h.createQuery("SELECT value FROM " + pref + " WHERE prop = 'version'").mapTo(String.class).findFirst())
                .filter(v -> !v.isBlank());
    }

    /**
     * The name of Phraseanet's table {@code table} in {@code box}: as Phraseanet named it, or renamed by an import in
     * progress ({@code <table>_legacy388}, see {@link PhraseanetImportPath#SET_ASIDE_SUFFIX}); null when neither exists.
     */
    static String phraseanetTable(Box box, String table) {
        if (tableExists(box, table)) return table;
        String renamed = table + PhraseanetImportPath.SET_ASIDE_SUFFIX;
        return tableExists(box, renamed) ? renamed : null;
    }

    // --- shared

    static boolean tableExists(Box box, String table) {
        try (Connection c = box.dataSource().getConnection()) {
            String catalog = box.engine() == Engine.MARIADB ? c.getCatalog() : null;
            String schema = box.engine() == Engine.POSTGRESQL ? c.getSchema() : null;
            for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
                try (ResultSet rs = c.getMetaData().getTables(catalog, schema, name, new String[] {"TABLE", "BASE TABLE"})) {
                    if (rs.next()) return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new AthanorException(ErrorCode.DATABASE_UNREACHABLE, "Cannot list the tables of " + box.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void requireExists(BoxConnection c, String what, String setting) {
        if (!DatabaseServer.exists(c)) {
            throw UpgradeRefusedException.unknown("The " + what + " database " + c.describe() + " (from " + setting
                    + ") does not exist.");
        }
    }

    private static void noteLive(BoxConnection c, String what, List<String> live) {
        for (String l : LiveConnections.of(c)) live.add(what + " " + c.describe() + ": " + l);
    }

    /**
     * An H2 file opened by another process has a {@code .lock.db} beside it naming that process's auto-server
     * ({@code server=127.0.0.1:port}); noted before this process opens the file when that server answers. A lock file
     * left by a killed process names a port nobody listens on any more: H2 takes such a file over, and so does the upgrade.
     */
    private static void noteH2Lock(BoxConnection c, List<Path> locks) {
        if (c.engine() != Engine.H2) return;
        Path lock = c.h2Path().resolveSibling(c.h2Path().getFileName() + ".lock.db");
        if (Files.exists(lock) && h2LockIsLive(lock)) locks.add(lock);
    }

    static boolean h2LockIsLive(Path lock) {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(lock)) {
            p.load(in);
        } catch (java.io.IOException e) {
            return false;         // gone meanwhile: nobody holds it
        }
        String server = p.getProperty("server");
        if (server == null || !server.contains(":")) return true;     // no auto-server to ask: assume it is held
        String host = server.substring(0, server.lastIndexOf(':'));
        int port;
        try {
            port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return true;
        }
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
