package org.athanor.setup.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.athanor.Athanor;
import org.athanor.core.ErrorCode;
import org.athanor.core.AthanorException;
import org.athanor.db.Engine;
import org.athanor.programs.Programs;
import org.athanor.setup.upgrade.UpgradeVersionCheck;
import org.athanor.setup.check.CheckLine.Status;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("check:config")
class ConfigCheckTests {
    @TempDir Path dir;

    @OnEveryEngine
    @DisplayName("on a fresh installation: every box reachable, supported, UTF-8, at the current schema, with a valid structure")
    void freshInstallation(Engine engine, EngineUnderTest on) {
        try (TestInstallation t = on.install(dir)) {
            CheckResult result = check(t);
            String databox = "databox " + t.request().databoxName();

            assertThat(result.withStatus(Status.ERROR)).isEmpty();
            assertThat(result.line("appbox")).hasValueSatisfying(l -> assertThat(l.message()).startsWith("reachable: " + engine.id()));
            assertThat(result.line("appbox schema")).hasValueSatisfying(l -> assertThat(l.message()).isEqualTo("version " + org.athanor.db.SchemaMigrator.latestVersion(org.athanor.db.BoxKind.APPBOX) + " (current)"));
            assertThat(result.line(databox + " engine")).hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(Status.OK));
            assertThat(result.line(databox + " schema")).hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(Status.OK));
            assertThat(result.line(databox + " structure")).hasValueSatisfying(l -> assertThat(l.message()).endsWith("fields, every src valid"));
            assertThat(result.line("configuration mode")).hasValueSatisfying(l -> assertThat(l.message()).isEqualTo("rw------- (owner only)"));
            assertThat(result.line("search index")).hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(Status.OK));
            if (engine.isServer()) {
                assertThat(result.line("appbox charset")).hasValueSatisfying(l ->
                        assertThat(l.message()).isEqualTo(engine == Engine.MARIADB ? "utf8mb4" : "UTF8"));
                assertThat(result.line(DumpToolsNames.dump(engine))).hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(Status.OK));
            }
        }
    }

    @Test @DisplayName("a configuration readable by others, a field with a bad src and a schema ahead of the program are errors")
    void brokenInstallation() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            try (Athanor a = t.open()) {
                a.databoxes().box(a.databoxes().list().get(0).id()).jdbi()
                        .useHandle(h -> h.execute("UPDATE structure_fields SET src = 'not a tag' WHERE id = (SELECT MIN(id) FROM structure_fields)"));
                a.appbox().jdbi().useHandle(h -> h.execute("""
                        INSERT INTO athanor_schema_history (installed_rank, version, description, type, script, checksum, installed_by, installed_on, execution_time, success)
                        VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', CURRENT_TIMESTAMP, 0, TRUE)"""));
            }
            Files.setPosixFilePermissions(t.configFile(), PosixFilePermissions.fromString("rw-r--r--"));

            CheckResult result = check(t);

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.line("configuration mode")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.ERROR);
                assertThat(l.advice()).isEqualTo("Run: chmod 600 " + t.configFile());
            });
            assertThat(result.line("databox " + t.request().databoxName() + " structure")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.ERROR);
                assertThat(l.message()).contains("src 'not a tag' is invalid");
            });
            assertThat(result.line("appbox schema")).hasValueSatisfying(l -> {
                assertThat(l.status()).isEqualTo(Status.ERROR);
                assertThat(l.message()).isEqualTo("version 99, newer than this program's " + org.athanor.db.SchemaMigrator.latestVersion(org.athanor.db.BoxKind.APPBOX));
            });
        }
    }

    @Test @DisplayName("refuses to run without an installation, saying how to install")
    void notInstalled() {
        assertThatThrownBy(() -> new ConfigCheck(new SystemCheck(dir, Programs.system(), new UpgradeVersionCheck(dir))).run(dir.resolve("config/configuration.yml")))
                .isInstanceOf(AthanorException.class).hasMessageContaining("bin/setup system:install")
                .extracting(e -> ((AthanorException) e).code()).isEqualTo(ErrorCode.NOT_INSTALLED);
    }

    @Test @DisplayName("supported engine versions")
    void engineVersions() {
        assertThat(ConfigCheck.engineVersion("appbox", Engine.POSTGRESQL, "PostgreSQL 12.9", 12, 9).status()).isEqualTo(Status.ERROR);
        assertThat(ConfigCheck.engineVersion("appbox", Engine.POSTGRESQL, "PostgreSQL 15.8", 15, 8).status()).isEqualTo(Status.OK);
        assertThat(ConfigCheck.engineVersion("appbox", Engine.MARIADB, "MariaDB 10.3.39-MariaDB", 10, 3).advice()).contains("MariaDB 10.6");
        assertThat(ConfigCheck.engineVersion("appbox", Engine.MARIADB, "MariaDB 10.11.6-MariaDB", 10, 11).status()).isEqualTo(Status.OK);
        assertThat(ConfigCheck.engineVersion("appbox", Engine.MARIADB, "MySQL 5.7.44", 5, 7).advice()).contains("MySQL 8.0");
    }

    // ---

    private static CheckResult check(TestInstallation t) {
        return new ConfigCheck(new SystemCheck(t.programHome(), Programs.system(), new UpgradeVersionCheck(t.programHome()))).run(t.configFile());
    }

    /** The subject of the dump tool line of an engine. */
    static final class DumpToolsNames {
        static String dump(Engine e) {
            return String.join(" or ", org.athanor.setup.backup.DumpTools.of(e).dump());
        }
    }
}
