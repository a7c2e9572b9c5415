package org.athanor.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The schema migrator")
class SchemaMigratorTests {
    @Test
    @DisplayName("knows the latest schema version shipped for each kind of box")
    void latestVersions() {
        assertThat(SchemaMigrator.latestVersion(BoxKind.APPBOX)).isEqualTo("10");
        assertThat(SchemaMigrator.latestVersion(BoxKind.DATABOX)).isEqualTo("4");
    }

    @OnEveryEngine
    @DisplayName("brings a fresh appbox to the latest version with all its tables")
    void migratesFreshAppbox(Engine engine, EngineUnderTest on) throws SQLException {
        try (Box box = Box.open(BoxKind.APPBOX, "main", on.freshDatabase())) {
            assertThat(SchemaMigrator.currentVersion(box)).isEmpty();
            String latest = SchemaMigrator.latestVersion(BoxKind.APPBOX);
            List<String> pending = SchemaMigrator.pendingVersions(box);
            assertThat(pending).startsWith("1", "2", "3").endsWith(latest);

            assertThat(SchemaMigrator.migrate(box)).isEqualTo(new MigrationReport("0", latest, pending.size()));

            assertThat(SchemaMigrator.currentVersion(box)).hasValue(latest);
            assertThat(SchemaMigrator.pendingVersions(box)).isEmpty();
            assertThat(tables(box)).contains("athanor_schema_history", "app_info", "users", "databoxes",
                    "collections", "collection_rights", "databox_rights", "sessions", "tasks", "scheduler_state", "jobs",
                    "lazaret_files", "remember_tokens", "login_failures", "admin_actions", "process_heartbeats", "box_releases", "upgrade_lock", "upgrade_checkpoints",
                    "baskets", "basket_elements");
            assertThat(DatabaseServer.isEmpty(box.connection())).isFalse();
        }
    }

    @OnEveryEngine
    @DisplayName("brings a fresh databox to version 4 with all its tables")
    void migratesFreshDatabox(Engine engine, EngineUnderTest on) throws SQLException {
        try (Box box = Box.open(BoxKind.DATABOX, "db_demo", on.freshDatabase())) {
            assertThat(SchemaMigrator.migrate(box)).isEqualTo(new MigrationReport("0", "4", 4));

            assertThat(SchemaMigrator.currentVersion(box)).hasValue("4");
            assertThat(tables(box)).containsExactlyInAnyOrder("athanor_schema_history", "databox_info", "structure_fields",
                    "structure_subdefs", "structure_status_bits", "collections", "records", "record_captions", "story_members",
                    "subdefs", "technical_data", "record_log", "record_changes");
        }
    }

    @OnEveryEngine
    @DisplayName("does nothing when migrating a current schema again")
    void migrateTwiceIsNoOp(Engine engine, EngineUnderTest on) {
        try (Box box = Box.open(BoxKind.APPBOX, "main", on.freshDatabase())) {
            SchemaMigrator.migrate(box);
            MigrationReport again = SchemaMigrator.migrate(box);
            String latest = SchemaMigrator.latestVersion(BoxKind.APPBOX);
            assertThat(again).isEqualTo(new MigrationReport(latest, latest, 0));
            assertThat(again.changed()).isFalse();
            int rows = box.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM scheduler_state").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(1);
        }
    }

    @OnEveryEngine
    @DisplayName("refuses a database migrated by a newer Athanor and says what to do")
    void refusesNewerSchema(Engine engine, EngineUnderTest on) {
        try (Box box = Box.open(BoxKind.APPBOX, "main", on.freshDatabase())) {
            SchemaMigrator.migrate(box);
            box.jdbi().useHandle(h -> h.execute("INSERT INTO athanor_schema_history"
                    + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                    + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, TRUE)"));

            assertThatThrownBy(() -> SchemaMigrator.migrate(box))
                    .isInstanceOfSatisfying(AthanorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MIGRATION_FAILED))
                    .hasMessage("The appbox schema is at version 99, this program knows up to " + SchemaMigrator.latestVersion(BoxKind.APPBOX) + ": run the newer Athanor release,"
                            + " or restore the backup made before the upgrade. Database: " + box.describe());
        }
    }

    @OnEveryEngine
    @DisplayName("reports a changed migration with Flyway's words and what to do")
    void reportsFlywayFailures(Engine engine, EngineUnderTest on) {
        try (Box box = Box.open(BoxKind.DATABOX, "db_demo", on.freshDatabase())) {
            SchemaMigrator.migrate(box);
            box.jdbi().useHandle(h -> h.execute("UPDATE athanor_schema_history SET checksum = 42 WHERE version = '1'"));

            assertThatThrownBy(() -> SchemaMigrator.migrate(box))
                    .isInstanceOfSatisfying(AthanorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MIGRATION_FAILED))
                    .hasMessageStartingWith("Could not migrate the " + box.describe() + " from schema version 4 to 4: ")
                    .hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("What to do: ");
        }
    }

    private static List<String> tables(Box box) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = box.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE", "BASE TABLE"})) {
                while (rs.next()) names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
