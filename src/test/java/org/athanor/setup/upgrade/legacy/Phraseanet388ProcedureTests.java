package org.athanor.setup.upgrade.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.Version;
import org.athanor.cli.ConsoleForTests;
import org.athanor.cli.ConsoleForTests.Result;
import org.athanor.db.Engine;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The upgrade procedure, from a Phraseanet 3.8.8 installation, with bin/setup and bin/console")
class Phraseanet388ProcedureTests {
    @AfterAll static void drop() {
        TestDatabases.dropAll();
    }

    @Test void checkSystemThenSystemUpgradeThenTheConsoleWorksOnTheImportedInstallation(@TempDir Path home) throws Exception {
        TestDatabases.require(Engine.MARIADB, "a Phraseanet 3.8.8 installation is a MariaDB database");
        Phraseanet388Fixture fixture = Phraseanet388Fixture.create(home.resolve("phraseanet"), 40, "3.8.8");
        Path config = home.resolve("athanor/config/configuration.yml");
        Files.createDirectories(config.getParent());
        Files.copy(fixture.configFile(), config);
        String c = config.toString();

        Result check = ConsoleForTests.setup("check:system", "--config", c);
        assertThat(check.exitCode()).as(check.out() + check.err()).isLessThanOrEqualTo(1);
        assertThat(check.out() + check.err()).contains("Phraseanet 3.8.8").contains("bin/setup system:upgrade");

        Result refused = ConsoleForTests.console("--config", c, "user:list");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("system:upgrade");

        Result upgrade = ConsoleForTests.setup("system:upgrade", "--config", c, "--yes", "--no-backup");
        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
        assertThat(upgrade.out()).contains("Upgraded Phraseanet 3.8.8").contains("Rebuild the search index");

        assertThat(ConsoleForTests.console("--version").out()).contains(Version.NUMBER);
        Result users = ConsoleForTests.console("--config", c, "user:list");
        assertThat(users.exitCode()).as(users.err()).isZero();
        assertThat(users.out()).contains("alice").contains("bob").contains("admin");
        Phraseanet388Fixture.LegacyRecord r = fixture.records().get(3);
        Result show = ConsoleForTests.console("--config", c, "records:show", String.valueOf(r.sbasId()), String.valueOf(r.recordId()));
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains(r.originalName()).contains(r.captions().values().iterator().next().get(0));

        Result again = ConsoleForTests.setup("system:upgrade", "--config", c, "--yes", "--no-backup");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Nothing to do");
    }
}
