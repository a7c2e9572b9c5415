package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.core.Version;
import org.athanor.db.Engine;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bin/console and bin/setup")
class CliTests {
    @TempDir Path dir;

    @Nested @DisplayName("without an installation")
    class WithoutInstallation {
        @Test @DisplayName("--version is detected before any command is loaded")
        void versionShortcut() {
            assertThat(Cli.asksForVersion(new String[] {"--version"})).isTrue();
            assertThat(Cli.asksForVersion(new String[] {"-q", "-V"})).isTrue();
            assertThat(Cli.asksForVersion(new String[] {"help", "--version"})).isFalse();
            assertThat(Version.line()).isEqualTo("Athanor version 4.0.0 \"Albedo\"");
        }

        @Test @DisplayName("list groups the commands by namespace")
        void listGroups() {
            CliRun run = CliRun.console("list");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("collection\n  collection:create").contains("  collection:list")
                    .contains("records\n  records:add").contains("  records:build-subdefs").contains("  records:show").contains("server\n  server:run");
        }

        @Test @DisplayName("help of a command documents its exit codes")
        void helpShowsExitCodes() {
            CliRun run = CliRun.setup("help", "system:install");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Exit codes:").contains("1   an installation already exists (nothing changed) or setup error");
        }

        @Test @DisplayName("an unknown command is a bad argument (exit 2)")
        void unknownCommand() {
            CliRun run = CliRun.console("databox:destroy");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("Unmatched argument at index 0: 'databox:destroy'");
        }

        @Test @DisplayName("a command that needs an installation says how to install (exit 1)")
        void notInstalled() {
            Path config = dir.resolve("config/configuration.yml");
            CliRun run = CliRun.console("--config", config.toString(), "databox:list");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("bin/setup system:install");
        }

        @Test @DisplayName("a configuration with an unknown key fails with file, line and key (exit 1)")
        void badConfiguration() throws Exception {
            Path config = dir.resolve("configuration.yml");
            Files.writeString(config, "servername: 'http://x/'\nmain:\n    maintenace: true\n");
            CliRun run = CliRun.console("--config", config.toString(), "databox:list");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains(config + ":3:").contains("main.maintenace").contains("maintenance");
        }
    }

    @OnEveryEngine
    @DisplayName("install, then create a databox, a collection and a user, and list them")
    void installAndAdminister(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.install(dir)) {
            String config = t.configFile().toString();

            CliRun databox = CliRun.console("--config", config, "databox:create", "db_more" + java.util.UUID.randomUUID().toString().substring(0, 8), "--template", "fr-simple");
            assertThat(databox.exitCode()).as(databox.err()).isZero();
            assertThat(databox.out()).contains("created with sbas_id 2");
            CliRun coll = CliRun.console("--config", config, "collection:create", "2", "Photos 2026");
            assertThat(coll.exitCode()).as(coll.err()).isZero();

            JsonNode list = new ObjectMapper().readTree(CliRun.console("--config", config, "collection:list", "--format", "json").out());
            assertThat(list).hasSize(2);
            assertThat(list.get(1).get("name").asText()).isEqualTo("Photos 2026");
            assertThat(list.get(1).get("sbasId").asInt()).isEqualTo(2);
            assertThat(list.get(1).get("collId").asInt()).isEqualTo(1);

            CliRun fields = CliRun.console("--config", config, "fields:list", "--databox", "2");
            assertThat(fields.out()).contains("MotsCles").contains("IPTC:Keywords").contains("multi");

            CliRun user = CliRun.console("--config", config, "user:create", "jdupont", "--password", "un mot de passe", "--locale", "fr");
            assertThat(user.exitCode()).as(user.err()).isZero();
            assertThat(CliRun.console("--config", config, "user:list").out()).contains("jdupont").contains(TestInstallation.ADMIN);

            CliRun again = CliRun.console("--config", config, "collection:create", "2", "photos 2026");
            assertThat(again.exitCode()).isEqualTo(2);
            assertThat(again.err()).contains("already has a collection named 'photos 2026'");

            CliRun missing = CliRun.console("--config", config, "records:show", "1", "999");
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err()).contains("Databox 1 has no record 999.");
        }
    }

    @Test @DisplayName("system:install --yes on H2, then a second run refuses with exit 1")
    void installFromTheCommandLine() throws Exception {
        Path config = dir.resolve("program/config/configuration.yml");
        String[] args = {"--config", config.toString(), "system:install", "--yes", "--email", "admin@example.org",
                "--password", "a long secret", "--data-path", dir.resolve("data").toString()};
        CliRun first = CliRun.setup(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Athanor is installed.").contains("admin login:   admin@example.org");

        CliRun second = CliRun.setup(args);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("Nothing was changed.");
    }
}
