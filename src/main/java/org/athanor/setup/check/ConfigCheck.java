package org.athanor.setup.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.athanor.core.AthanorException;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.config.SearchEngineConfig;
import org.athanor.config.StorageConfig;
import org.athanor.databox.StructureRepository;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.db.SchemaMigrator;

/**
 * {@code bin/console check:config}: the machine ({@link SystemCheck}) and the installation: each box reachable, its engine
 * version supported, its charset, its schema version, the structure fields' {@code src}, storage folders, search
 * index, dump tools of every engine in use, and configuration.yml readable by its owner only.
 *
 * <p>Boxes are opened without the usual schema check, so that a schema this program does not match is a line, not a
 * refusal.
 */
public final class ConfigCheck {
    /** The oldest PostgreSQL major version supported. */
    public static final int POSTGRESQL_MIN = 13;
    /** The oldest MariaDB version supported, as major * 100 + minor. */
    public static final int MARIADB_MIN = 1006;
    /** The oldest MySQL version supported, as major * 100 + minor. */
    public static final int MYSQL_MIN = 800;

    private final SystemCheck system;

    public ConfigCheck(SystemCheck system) {
        this.system = system;
    }

    /**
     * Check the machine and the installation configured by {@code configFile}.
     *
     * @throws AthanorException NOT_INSTALLED when the file does not exist
     */
    public CheckResult run(Path configFile) {
        if (!Files.exists(configFile)) {
            throw SystemCheck.notInstalled(configFile.toAbsolutePath().normalize());
        }
        AthanorConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (AthanorException e) {
            return system.run(configFile);   // the configuration line says what is wrong
        }
        return new CheckResult(List.of(CheckLine.ok("configuration", configFile.toAbsolutePath().normalize().toString())))
                .plus(system.run(Optional.of(config))).plus(installation(config));
    }

    /** Return the lines about the installation itself. */
    CheckResult installation(AthanorConfig config) {
        List<CheckLine> lines = new ArrayList<>();
        lines.add(configurationMode(config.file()));
        StorageConfig s = config.main().storage();
        Map<String, Path> more = new LinkedHashMap<>();
        more.put("cache folder", s.cacheDir());
        more.put("lazaret folder", s.lazaretDir());
        more.put("download folder", s.downloadDir());
        more.forEach((subject, folder) -> lines.add(SystemCheck.folder(subject, folder)));
        lines.add(searchIndex(config.main().searchEngine()));

        BoxConnection appboxConnection = BoxConnection.of(config.main().database());
        List<Engine> engines = new ArrayList<>(List.of(appboxConnection.engine()));
        List<RegisteredDatabox> databoxes = List.of();
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", appboxConnection)) {
            lines.addAll(box(appbox, "appbox"));
            try {
                databoxes = Registry.of(appbox).databoxes();
            } catch (RuntimeException e) {
                lines.add(CheckLine.error("databoxes", "cannot read the databox registry of the appbox: " + e.getMessage(),
                        "Check the appbox schema above; restore a backup with bin/setup system:restore-db if it is damaged."));
            }
        } catch (AthanorException e) {
            lines.add(CheckLine.error("appbox", e.getMessage(), "Start the database server, or fix main.database in " + config.file() + "."));
        }
        for (RegisteredDatabox d : databoxes) {
            String subject = "databox " + d.name();
            engines.add(d.connection().engine());
            try (Box box = Box.open(BoxKind.DATABOX, d.name(), d.connection())) {
                List<CheckLine> boxLines = box(box, subject);
                lines.addAll(boxLines);
                if (boxLines.stream().noneMatch(l -> l.status() == CheckLine.Status.ERROR)) lines.add(structure(box, subject));
            } catch (AthanorException e) {
                lines.add(CheckLine.error(subject, e.getMessage(), "Start its database server, or fix where the databox lives."));
            }
        }
        lines.addAll(system.dumpTools(engines));
        return new CheckResult(lines);
    }

    private static List<CheckLine> box(Box box, String subject) {
        List<CheckLine> lines = new ArrayList<>();
        try (Connection c = box.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String product = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            lines.add(CheckLine.ok(subject, "reachable: " + box.connection().describe()));
            lines.add(engineVersion(subject, box.engine(), product, meta.getDatabaseMajorVersion(), meta.getDatabaseMinorVersion()));
            charset(c, box.engine(), subject).ifPresent(lines::add);
        } catch (SQLException e) {
            lines.add(CheckLine.error(subject, "cannot be read: " + e.getMessage(), "Check the database server and the credentials."));
            return lines;
        }
        lines.add(schema(box, subject));
        return lines;
    }

    static CheckLine engineVersion(String subject, Engine engine, String product, int major, int minor) {
        String s = subject + " engine";
        switch (engine) {
            case POSTGRESQL:
                if (major < POSTGRESQL_MIN) {
                    return CheckLine.error(s, product, "Athanor needs PostgreSQL " + POSTGRESQL_MIN + " or newer: upgrade the server.");
                }
                return CheckLine.ok(s, product);
            case MARIADB:
                boolean mysql = product.toLowerCase(java.util.Locale.ROOT).startsWith("mysql") && !product.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
                int min = mysql ? MYSQL_MIN : MARIADB_MIN;
                if (major * 100 + minor < min) {
                    return CheckLine.error(s, product, "Athanor needs " + (mysql ? "MySQL 8.0" : "MariaDB 10.6") + " or newer: upgrade the server.");
                }
                return CheckLine.ok(s, product);
            default:
                return CheckLine.ok(s, product + " (embedded)");
        }
    }

    private static Optional<CheckLine> charset(Connection c, Engine engine, String subject) throws SQLException {
        String sql = switch (engine) {
            case POSTGRESQL -> "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()";
            case MARIADB -> "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()";
            default -> null;
        };
        if (sql == null) return Optional.empty();
        String charset;
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            charset = rs.next() ? rs.getString(1) : "unknown";
        }
        String expected = engine == Engine.POSTGRESQL ? "UTF8" : "utf8mb4";
        if (!expected.equalsIgnoreCase(charset)) {
            return Optional.of(CheckLine.error(subject + " charset", charset, engine == Engine.MARIADB
                    ? "Convert the database: ALTER DATABASE ... CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci, and its tables with ALTER TABLE ... CONVERT TO CHARACTER SET utf8mb4."
                    : "Re-create the database with ENCODING 'UTF8' (dump, create, restore)."));
        }
        return Optional.of(CheckLine.ok(subject + " charset", charset));
    }

    private static CheckLine schema(Box box, String subject) {
        String s = subject + " schema";
        String latest = SchemaMigrator.latestVersion(box.kind());
        Optional<String> current;
        try {
            current = SchemaMigrator.currentVersion(box);
        } catch (RuntimeException e) {
            return CheckLine.error(s, "cannot read the schema history: " + e.getMessage(), "Restore a backup with bin/setup system:restore-db.");
        }
        if (current.isEmpty()) {
            return CheckLine.error(s, "no Athanor schema in " + box.connection().describe(), "Check where the box lives, or install with bin/setup system:install.");
        }
        List<String> pending = SchemaMigrator.pendingVersions(box);
        if (!pending.isEmpty()) {
            return CheckLine.error(s, "version " + current.get() + ", this program needs " + latest,
                    org.athanor.db.SchemaCheck.UPGRADE_ADVICE);
        }
        if (compare(current.get(), latest) > 0) {
            return CheckLine.error(s, "version " + current.get() + ", newer than this program's " + latest,
                    "Run the newer Athanor release, or restore the backup made before the upgrade with bin/setup system:restore-db.");
        }
        return CheckLine.ok(s, "version " + current.get() + " (current)");
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) return Long.compare(p, q);
        }
        return 0;
    }

    private static CheckLine structure(Box box, String subject) {
        String s = subject + " structure";
        try {
            int fields = new StructureRepository(box.jdbi()).load().fields().size();
            return CheckLine.ok(s, fields + " fields, every src valid");
        } catch (AthanorException e) {
            return CheckLine.error(s, e.getMessage(), "Fix the field in Admin > databox > fields (or with bin/console fields:* commands).");
        }
    }

    private static CheckLine searchIndex(SearchEngineConfig engine) {
        if (SearchEngineConfig.OPENSEARCH.equals(engine.type())) {
            return CheckLine.warning("search index", "opensearch at " + engine.opensearchHost() + ":" + engine.opensearchPort() + ", index "
                    + engine.opensearchIndex() + ": not checked by this version", "Check the cluster with curl http://"
                    + engine.opensearchHost() + ":" + engine.opensearchPort() + "/_cluster/health.");
        }
        Path index = engine.lucenePath();
        if (!Files.isDirectory(index)) {
            return CheckLine.error("search index", "lucene index folder " + index + " does not exist",
                    "Create it writable by the user running Athanor (mkdir -p " + index + "), or fix main.search-engine.options.path.");
        }
        if (!Files.isWritable(index)) {
            return CheckLine.error("search index", "lucene index folder " + index + " is not writable",
                    "Run: chown -R " + System.getProperty("user.name") + " " + index);
        }
        return CheckLine.ok("search index", "lucene, " + index);
    }

    static CheckLine configurationMode(Path file) {
        Optional<Set<PosixFilePermission>> perms = SystemCheck.permissions(file);
        if (perms.isEmpty()) return CheckLine.ok("configuration mode", "not a POSIX file system: check the file's ACL");
        Set<PosixFilePermission> p = perms.get();
        String mode = java.nio.file.attribute.PosixFilePermissions.toString(p);
        if (p.contains(PosixFilePermission.OTHERS_READ)) {
            return CheckLine.error("configuration mode", file + " is readable by every user (" + mode + "); it holds the database passwords and main.key",
                    "Run: chmod 600 " + file);
        }
        if (p.contains(PosixFilePermission.GROUP_READ)) {
            return CheckLine.warning("configuration mode", file + " is readable by its group (" + mode + ")", "Run: chmod 600 " + file);
        }
        return CheckLine.ok("configuration mode", mode + " (owner only)");
    }
}
