package org.athanor.db;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Flyway runner: one schema history per box, table {@code athanor_schema_history}.
 *
 * <p>Migrations live in {@code classpath:db/appbox} and {@code classpath:db/databox}; one set serves the three
 * engines, with placeholders for the few real differences (see {@link #placeholders(Engine)}).
 */
public final class SchemaMigrator {
    /** The table holding each box's schema history; plain SQL names it so on all three engines. */
    public static final String HISTORY_TABLE = "athanor_schema_history";

    private static final Map<BoxKind, String> LATEST = new ConcurrentHashMap<>();

    private SchemaMigrator() {}

    /**
     * Apply the pending migrations of {@code classpath:db/<kind folder>} to the box.
     *
     * @throws AthanorException SCHEMA_MIGRATION_FAILED when the database is newer than this program, or when a
     *     migration fails, with Flyway's message and what to do
     */
    public static MigrationReport migrate(Box box) {
        Flyway flyway = flyway(box);
        String from = currentVersion(flyway).orElse(MigrationReport.NO_SCHEMA);
        refuseNewerSchema(box, flyway);
        try {
            MigrateResult result = flyway.migrate();
            String to = currentVersion(flyway).orElse(MigrationReport.NO_SCHEMA);
            return new MigrationReport(from, to, result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new AthanorException(ErrorCode.SCHEMA_MIGRATION_FAILED, "Could not migrate the " + box.describe()
                    + " from schema version " + from + " to " + latestVersion(box.kind()) + ": " + e.getMessage().strip()
                    + "\nWhat to do: fix the cause above and run the upgrade again; if a migration was left half-applied"
                    + " (MariaDB cannot roll back table changes), restore the backup made before the upgrade.", e);
        }
    }

    /** Return the box's schema version, e.g. {@code "1"}; empty when the database holds no schema history. */
    public static Optional<String> currentVersion(Box box) {
        return currentVersion(flyway(box));
    }

    /** Return the versions that {@link #migrate(Box)} would apply, oldest first. */
    public static List<String> pendingVersions(Box box) {
        try {
            return Arrays.stream(flyway(box).info().pending())
                    .map(i -> i.getVersion().getVersion())
                    .collect(Collectors.toList());
        } catch (FlywayException e) {
            throw readFailure(box, e);
        }
    }

    /** One migration that {@link #migrate(Box)} would apply: version, description and its SQL with placeholders filled. */
    public record PendingMigration(String version, String description, String script, String sql) {}

    /** Return the migrations that {@link #migrate(Box)} would apply, oldest first, with their SQL for this box's engine. */
    public static List<PendingMigration> pendingMigrations(Box box) {
        try {
            Map<String, String> p = placeholders(box.engine());
            return Arrays.stream(flyway(box).info().pending())
                    .map(i -> new PendingMigration(i.getVersion().getVersion(), i.getDescription(), i.getScript(),
                            fill(readScript(box.kind(), i.getScript()), p)))
                    .collect(Collectors.toList());
        } catch (FlywayException e) {
            throw readFailure(box, e);
        }
    }

    private static String readScript(BoxKind kind, String script) {
        try (java.io.InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream("db/" + kind.folder() + "/" + script)) {
            if (in == null) return "-- " + script + " (not an SQL file)";
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fill(String sql, Map<String, String> p) {
        String out = sql;
        for (Map.Entry<String, String> e : p.entrySet()) out = out.replace("${" + e.getKey() + "}", e.getValue());
        return out;
    }

    /**
     * Start the schema history of a box whose database already holds another program's tables (Phraseanet's, kept
     * renamed by the import) at version 0, so that {@link #migrate(Box)} then applies every migration beside them;
     * Flyway refuses to migrate a non-empty database without history otherwise. Does nothing when the history exists.
     */
    public static void baselineBesideForeignTables(Box box) {
        Flyway flyway = flyway(box);
        try {
            if (flyway.info().applied().length > 0) return;
            Flyway.configure(SchemaMigrator.class.getClassLoader()).configuration(flyway.getConfiguration())
                    .baselineVersion("0").baselineDescription("beside the tables of the imported installation")
                    .load().baseline();
        } catch (FlywayException e) {
            throw new AthanorException(ErrorCode.SCHEMA_MIGRATION_FAILED, "Could not start the schema history of the "
                    + box.describe() + ": " + e.getMessage().strip(), e);
        }
    }

    /** Return the highest schema version of {@code kind} shipped in this program, e.g. {@code "1"}. */
    public static String latestVersion(BoxKind kind) {
        return LATEST.computeIfAbsent(kind, SchemaMigrator::resolveLatest);
    }

    /**
     * Return the placeholder values for {@code engine}: {@code id}, {@code datetime}, {@code text},
     * {@code table_options}, {@code bool_true}, {@code bool_false}.
     *
     * <p>{@code text} is {@code CHARACTER VARYING} without length on H2 (H2's maximum; read with {@code getString}
     * like any string, unlike a {@code CLOB}, and usable in comparisons and {@code DISTINCT}), {@code TEXT} on
     * PostgreSQL and {@code MEDIUMTEXT} (16 MiB) on MariaDB, whose {@code TEXT} stops at 64 KiB: too little for
     * task settings, job payloads or error traces.
     */
    static Map<String, String> placeholders(Engine engine) {
        return placeholdersOf(engine);
    }

    /** Return the placeholder values of {@code engine}, for DDL written outside a migration (see {@link #placeholders}). */
    public static Map<String, String> placeholdersOf(Engine engine) {
        Map<String, String> p = new HashMap<>();
        switch (engine) {
            case MARIADB:
                p.put("id", "AUTO_INCREMENT");
                p.put("datetime", "DATETIME(6)");
                p.put("text", "MEDIUMTEXT");
                p.put("table_options", "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
                break;
            case POSTGRESQL:
                p.put("id", "GENERATED BY DEFAULT AS IDENTITY");
                p.put("datetime", "TIMESTAMP");
                p.put("text", "TEXT");
                p.put("table_options", "");
                break;
            default:
                p.put("id", "GENERATED BY DEFAULT AS IDENTITY");
                p.put("datetime", "TIMESTAMP");
                p.put("text", "CHARACTER VARYING");
                p.put("table_options", "");
                break;
        }
        p.put("bool_true", "TRUE");
        p.put("bool_false", "FALSE");
        return p;
    }

    private static Flyway flyway(Box box) {
        return configure(box.kind(), box.engine(), box.dataSource());
    }

    private static Flyway configure(BoxKind kind, Engine engine, DataSource dataSource) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/" + kind.folder())
                .table(HISTORY_TABLE)
                .placeholders(placeholders(engine))
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .failOnMissingLocations(true)
                .load();
    }

    private static Optional<String> currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? Optional.empty() : Optional.of(current.getVersion().getVersion());
    }

    /** Refuse a database migrated by a newer Athanor: its schema holds versions this program does not know. */
    private static void refuseNewerSchema(Box box, Flyway flyway) {
        MigrationVersion latest = MigrationVersion.fromVersion(latestVersion(box.kind()));
        Optional<MigrationVersion> applied = Arrays.stream(flyway.info().applied())
                .map(MigrationInfo::getVersion)
                .filter(v -> v != null)
                .max(Comparator.naturalOrder());
        if (applied.isPresent() && applied.get().compareTo(latest) > 0) {
            throw new AthanorException(ErrorCode.SCHEMA_MIGRATION_FAILED, "The " + box.kind().folder() + " schema is at version "
                    + applied.get().getVersion() + ", this program knows up to " + latest.getVersion()
                    + ": run the newer Athanor release, or restore the backup made before the upgrade. Database: " + box.describe());
        }
    }

    private static AthanorException readFailure(Box box, FlywayException e) {
        return new AthanorException(ErrorCode.SCHEMA_MIGRATION_FAILED, "Could not read the schema history of the " + box.describe()
                + ": " + e.getMessage().strip(), e);
    }

    /** Resolve the shipped migrations against an empty in-memory H2 database: Flyway only lists them with a database at hand. */
    private static String resolveLatest(BoxKind kind) {
        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL("jdbc:h2:mem:athanor_resolve_" + kind.folder() + "_" + System.nanoTime());
        return Arrays.stream(configure(kind, Engine.H2, empty).info().pending())
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .map(MigrationVersion::getVersion)
                .orElseThrow(() -> new AthanorException(ErrorCode.INTERNAL, "No " + kind.folder()
                        + " migration found in classpath:db/" + kind.folder() + ": this Athanor build is incomplete, reinstall it"));
    }

}
