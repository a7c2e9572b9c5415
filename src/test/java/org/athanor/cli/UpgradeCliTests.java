package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bin/setup system:upgrade, and bin/console and check:system on an installation awaiting its upgrade")
class UpgradeCliTests {
    @TempDir Path dir;
    private String home;

    /** The program folder is the installation's (logs/ and tmp/ of the upgrade go there, not into the working folder). */
    @org.junit.jupiter.api.BeforeEach
    void programHome() {
        home = System.getProperty("athanor.home");
        System.setProperty("athanor.home", dir.resolve("program").toString());
    }

    @org.junit.jupiter.api.AfterEach
    void restoreHome() {
        if (home == null) System.clearProperty("athanor.home");
        else System.setProperty("athanor.home", home);
    }

    /** A current installation brought back to appbox schema 3 (4.0.0-alpha.2's). */
    private TestInstallation alpha2() {
        TestInstallation t = TestInstallation.install(Engine.H2, dir);
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", t.appboxConnection())) {
            appbox.jdbi().useHandle(h -> {
                for (String table : new String[] {"box_releases", "upgrade_lock", "upgrade_checkpoints"}) h.execute("DROP TABLE " + table);
                h.execute("DELETE FROM athanor_schema_history WHERE version = '6'");
            });
        }
        return t;
    }

    @Test
    @DisplayName("bin/console refuses the installation naming bin/setup system:upgrade, but answers system:maintenance; check:system warns")
    void consoleRefusesUntilUpgraded() {
        try (TestInstallation t = alpha2()) {
            String config = t.configFile().toString();
            CliRun users = CliRun.console("--config", config, "user:list");
            assertThat(users.exitCode()).isEqualTo(1);
            assertThat(users.err()).startsWith("[ERROR] The appbox 'appbox' schema is at version 3, this program needs version 6. "
                    + "The installation awaits its upgrade: run bin/setup system:upgrade (bin/setup system:upgrade --dry-run shows the plan).");

            CliRun backup = CliRun.console("--config", config, "system:backup-db", dir.resolve("sets").toString());
            assertThat(backup.exitCode()).as(backup.err()).isZero();

            CliRun maintenance = CliRun.console("--config", config, "system:maintenance", "status");
            assertThat(maintenance.exitCode()).as(maintenance.err()).isZero();
            assertThat(maintenance.out()).contains("maintenance: off");

            CliRun check = CliRun.setup("--config", config, "check:system");
            assertThat(check.out()).containsPattern("\\[WARNING\\] +upgrade +Athanor 4\\.0\\.0-alpha\\.2 \\(appbox schema 3\\) awaits its upgrade to Athanor 4\\.0\\.0")
                    .contains("Run bin/setup system:upgrade (--dry-run shows the plan)");
            assertThat(check.exitCode()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    @DisplayName("system:upgrade asks for --yes when it cannot ask, then upgrades; bin/console opens the installation afterwards")
    void upgradeFromTheCommandLine() {
        try (TestInstallation t = alpha2()) {
            String config = t.configFile().toString();
            CliRun unconfirmed = CliRun.setup("--config", config, "-n", "system:upgrade");
            assertThat(unconfirmed.exitCode()).isEqualTo(2);
            assertThat(unconfirmed.err()).isEqualTo("bin/setup system:upgrade changes the installation: add --yes to confirm (or --dry-run "
                    + "to see the plan). Nothing was changed.\n");

            CliRun upgrade = CliRun.setup("--config", config, "system:upgrade", "--yes");
            assertThat(upgrade.exitCode()).as(upgrade.err()).isZero();
            assertThat(upgrade.out()).contains("[1] Backing up before the upgrade").contains("Upgraded Athanor 4.0.0-alpha.2")
                    .contains("Log: " + dir.resolve("program").resolve("logs").resolve("upgrade-4.0.0-alpha.2-4.0.0-"));

            CliRun users = CliRun.console("--config", config, "user:list");
            assertThat(users.exitCode()).as(users.err()).isZero();
            CliRun again = CliRun.setup("--config", config, "system:upgrade", "--yes");
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).startsWith("Nothing to do");
        }
    }

    @Test
    @DisplayName("help system:upgrade documents the options and every exit code")
    void help() {
        CliRun help = CliRun.setup("help", "system:upgrade");
        assertThat(help.out()).contains("--dry-run", "--dump", "--force", "--no-backup", "--disconnect-users", "-y, --yes")
                .contains("Exit codes:").contains("6   another system:upgrade is running").contains("8   the upgrade proof found a difference");
    }
}
