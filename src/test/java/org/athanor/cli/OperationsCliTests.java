package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.athanor.db.Engine;
import org.athanor.setup.backup.BackupSet;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("system:backup-db, system:restore-db, check:system and check:config on the command line")
class OperationsCliTests {
    @TempDir Path dir;

    @Nested @DisplayName("system:backup-db then system:restore-db")
    class BackupRestore {
        @OnEveryEngine
        @DisplayName("back up (exit 0, set complete), then restore from bin/setup with --yes (exit 0)")
        void backupThenRestore(Engine engine, EngineUnderTest on) throws Exception {
            try (TestInstallation t = on.install(dir)) {
                String config = t.configFile().toString();
                CliRun backup = CliRun.console("--config", config, "system:backup-db", dir.resolve("sets").toString(), "--gzip");

                assertThat(backup.exitCode()).as(backup.err()).isZero();
                assertThat(backup.out()).contains("Dumping appbox 'appbox'").contains(": complete").contains("appbox.sql.gz");
                Path set;
                try (Stream<Path> sets = Files.list(dir.resolve("sets"))) {
                    set = sets.findFirst().orElseThrow();
                }
                assertThat(BackupSet.read(set).verify()).isEmpty();

                CliRun unconfirmed = CliRun.setup("--config", config, "system:restore-db", set.toString());
                assertThat(unconfirmed.exitCode()).isEqualTo(2);
                assertThat(unconfirmed.err()).contains("run it again with --yes to confirm. Nothing was changed.");

                CliRun restore = CliRun.setup("--config", config, "system:restore-db", set.toString(), "--yes");
                assertThat(restore.exitCode()).as(restore.err()).isZero();
                assertThat(restore.out()).contains("Restored from " + set).contains("  appbox 'appbox' from appbox.sql.gz into " + engine.id());
            }
        }

        @Test @DisplayName("a box that cannot be reached gives exit 3 and names the box and the cause")
        void failedBoxExit3() throws Exception {
            try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
                try (var a = t.open()) {
                    a.appbox().jdbi().useHandle(h -> h.execute("UPDATE databoxes SET h2_path = '" + dir.resolve("nowhere/db") + "'"));
                }
                Files.writeString(dir.resolve("nowhere"), "a file where a folder should be");
                CliRun backup = CliRun.console("--config", t.configFile().toString(), "system:backup-db", dir.resolve("sets").toString());

                assertThat(backup.exitCode()).isEqualTo(3);
                assertThat(backup.err()).contains("[ERROR] The H2 database of the databox '" + t.request().databoxName() + "' does not exist: "
                        + dir.resolve("nowhere/db.mv.db") + " is missing. Nothing was created.")
                        .contains("is INCOMPLETE (marked so in its manifest.json)");
            }
        }

        @Test @DisplayName("help documents the exit codes")
        void help() {
            assertThat(CliRun.console("help", "system:backup-db").out()).contains("Exit codes:")
                    .contains("3   a box failed or timed out: the set is marked incomplete in its manifest");
            assertThat(CliRun.setup("help", "system:restore-db").out()).contains("Exit codes:").contains("0   restored");
        }
    }

    @Nested @DisplayName("check:system and check:config")
    class Checks {
        @Test @DisplayName("check:system --format json gives every line and the exit code, without an installation")
        void systemJson() throws Exception {
            CliRun run = CliRun.setup("--config", dir.resolve("config/configuration.yml").toString(), "check:system", "--format", "json");
            JsonNode json = new ObjectMapper().readTree(run.out());

            assertThat(run.exitCode()).isEqualTo(json.get("exitCode").asInt()).isIn(0, 1, 2);
            assertThat(json.get("lines").findValuesAsText("subject")).contains("Java", "ffmpeg", "data root", "open files");
            assertThat(json.get("lines").get(0).get("message").asText()).startsWith("no installation yet");
        }

        @Test @DisplayName("check:config prints a line per check with its status")
        void configText() {
            try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
                CliRun run = CliRun.console("--config", t.configFile().toString(), "check:config");

                assertThat(run.exitCode()).as(run.out()).isIn(0, 1);
                assertThat(run.out()).containsPattern("\\[OK\\] +appbox schema +version " + org.athanor.db.SchemaMigrator.latestVersion(org.athanor.db.BoxKind.APPBOX) + " \\(current\\)")
                        .containsPattern("\\[OK\\] +configuration mode +rw------- \\(owner only\\)");
            }
        }

        @Test @DisplayName("check:config without an installation says how to install (exit 1)")
        void configNotInstalled() {
            CliRun run = CliRun.console("--config", dir.resolve("config/configuration.yml").toString(), "check:config");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("bin/setup system:install");
        }
    }
}
