package org.athanor.setup.upgrade;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.config.AthanorConfig;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Jdbi;

/**
 * What a server started by the new program needs while the installation awaits {@code bin/setup system:upgrade}: a
 * short description of the boxes' schema versions ({@link #read}, a few SELECTs, nothing written), and a watch that says
 * when the upgrade has finished ({@link #watch}) without holding a database connection: the upgrade's preflight refuses
 * while connections other than its own are open, and on H2 the process that opens a file serves it to the others.
 */
public final class AwaitedUpgrade {
    private AwaitedUpgrade() {}

    /** What the boxes say. */
    public enum State {
        /** Every box is at this program's schema and no upgrade holds the lock: open the installation. */
        CURRENT,
        /** Some box is at an older schema: the installation waits for {@code bin/setup system:upgrade}. */
        AWAITS_UPGRADE,
        /** An upgrade holds its lock ({@code upgrade_lock}): it is running, or was interrupted and must be run again. */
        UPGRADING,
        /** Not an Athanor installation this program may open (no schema, or a newer one): opening it says why. */
        OTHER
    }

    /**
     * What was read.
     *
     * @param detail e.g. {@code appbox schema 3 (this program: 6)}, for logs and {@code /health}
     */
    public record Status(State state, String detail) {
        /** Return whether a server should wait (serve the maintenance page) rather than open the installation. */
        public boolean waits() {
            return state == State.AWAITS_UPGRADE || state == State.UPGRADING;
        }
    }

    /**
     * Read the schema versions of every box of {@code config}'s installation and the upgrade lock.
     *
     * @throws AthanorException DATABASE_UNREACHABLE when a box does not answer
     */
    public static Status read(AthanorConfig config) {
        BoxConnection appbox = BoxConnection.of(config.main().database());
        List<String> behind = new ArrayList<>();
        List<RegisteredDatabox> databoxes;
        boolean locked;
        Jdbi jdbi = Jdbi.create(() -> connect(appbox));
        try {
            Optional<String> version = schema(appbox);
            if (version.isEmpty()) return new Status(State.OTHER, "the appbox holds no Athanor schema");
            Optional<String> other = compare("appbox", version.get(), BoxKind.APPBOX, behind);
            if (other.isPresent()) return new Status(State.OTHER, other.get());
            databoxes = new Registry(jdbi, appbox.engine() == org.athanor.db.Engine.H2 ? appbox.password() : "").databoxes();
            locked = jdbi.withHandle(h -> {
                try {
                    return h.createQuery("SELECT COUNT(*) FROM upgrade_lock").mapTo(Long.class).one() > 0;
                } catch (RuntimeException noTable) {
                    return false;       // before appbox schema 6 there is no lock table
                }
            });
        } catch (RuntimeException e) {
            throw unreachable("appbox", e);
        }
        for (RegisteredDatabox d : databoxes) {
            String label = "databox '" + d.name() + "'";
            Optional<String> version;
            try {
                version = schema(d.connection());
            } catch (RuntimeException e) {
                throw unreachable(label, e);
            }
            if (version.isEmpty()) return new Status(State.OTHER, "the " + label + " holds no Athanor schema");
            Optional<String> other = compare(label, version.get(), BoxKind.DATABOX, behind);
            if (other.isPresent()) return new Status(State.OTHER, other.get());
        }
        if (locked) return new Status(State.UPGRADING, "bin/setup system:upgrade holds its lock (upgrade_lock)"
                + (behind.isEmpty() ? "" : "; " + String.join(", ", behind)));
        if (!behind.isEmpty()) return new Status(State.AWAITS_UPGRADE, String.join(", ", behind));
        return new Status(State.CURRENT, "every box is at this program's schema");
    }

    /**
     * Return whether another process has the embedded (H2) appbox open right now — its {@code .lock.db} file is there: an
     * upgrade at work, or the old server. A waiting server does not read then, so that it never becomes the process that
     * serves the file to the upgrade. Always false on PostgreSQL and MariaDB.
     */
    public static boolean appboxFileInUse(AthanorConfig config) {
        BoxConnection c = BoxConnection.of(config.main().database());
        if (c.engine() != org.athanor.db.Engine.H2) return false;
        return java.nio.file.Files.exists(c.h2Path().resolveSibling(c.h2Path().getFileName() + ".lock.db"));
    }

    /**
     * Return a watch that answers true once the upgrade has finished. Each call looks at the file the engine writes when
     * it finishes ({@link UpgradeService#finishedMarker}, no database); when that file is new or changed — or, for an
     * upgrade run from another program folder or machine, every {@code databaseEvery} — it asks the engine's detection
     * ({@link UpgradeService#awaitsUpgrade}) once, on short-lived connections, and never while another process has the
     * H2 appbox open.
     */
    public static java.util.function.BooleanSupplier watch(java.nio.file.Path configFile, java.nio.file.Path programHome,
                                                          java.time.Duration databaseEvery, java.time.Clock clock) {
        java.nio.file.Path marker = UpgradeService.finishedMarker(programHome);
        String[] seen = {stamp(marker)};
        java.time.Instant[] lastCheck = {clock.instant()};
        return () -> {
            String now = stamp(marker);
            boolean markerChanged = !now.equals(seen[0]);
            boolean due = !clock.instant().isBefore(lastCheck[0].plus(databaseEvery));
            if (!markerChanged && !due) return false;
            if (!markerChanged && h2AppboxInUse(configFile)) return false;
            seen[0] = now;
            lastCheck[0] = clock.instant();
            return !UpgradeService.awaitsUpgrade(configFile, programHome);
        };
    }

    private static String stamp(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.getLastModifiedTime(file).toMillis() + "/" + java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return "none";
        }
    }

    private static boolean h2AppboxInUse(java.nio.file.Path configFile) {
        try {
            return appboxFileInUse(org.athanor.config.ConfigLoader.load(configFile));
        } catch (RuntimeException notAthanorsYet) {
            return false;       // a Phraseanet configuration: its boxes are MySQL databases
        }
    }

    /** Add {@code label}'s version to {@code behind} when older; return a reason when it is newer than this program. */
    private static Optional<String> compare(String label, String version, BoxKind kind, List<String> behind) {
        String latest = SchemaMigrator.latestVersion(kind);
        int c = MigrationVersion.fromVersion(version).compareTo(MigrationVersion.fromVersion(latest));
        if (c > 0) return Optional.of(label + " schema " + version + " is newer than this program's " + latest);
        if (c < 0) behind.add(label + " schema " + version + " (this program: " + latest + ")");
        return Optional.empty();
    }

    /** Return the highest schema version applied in the box's history, read with plain SQL; empty without history. */
    private static Optional<String> schema(BoxConnection c) {
        try (Connection conn = connect(c); Statement st = conn.createStatement()) {
            conn.setReadOnly(true);
            String best = null;
            try (ResultSet rs = st.executeQuery("SELECT version FROM " + SchemaMigrator.HISTORY_TABLE
                    + " WHERE success = TRUE AND version IS NOT NULL")) {
                while (rs.next()) {
                    String v = rs.getString(1);
                    if (best == null || MigrationVersion.fromVersion(v).compareTo(MigrationVersion.fromVersion(best)) > 0) best = v;
                }
            } catch (SQLException noHistory) {
                return Optional.empty();
            }
            return Optional.ofNullable(best);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A plain connection; an H2 file that does not exist is not created. */
    private static Connection connect(BoxConnection c) throws SQLException {
        String url = c.engine() == org.athanor.db.Engine.H2 ? c.jdbcUrl() + ";IFEXISTS=TRUE" : c.jdbcUrl();
        return DriverManager.getConnection(url, c.user(), c.password());
    }

    private static AthanorException unreachable(String label, RuntimeException e) {
        return new AthanorException(ErrorCode.DATABASE_UNREACHABLE, "Cannot read the schema version of the " + label + ": "
                + e.getMessage() + ". Check that its database server runs and main.database in configuration.yml.", e);
    }
}
