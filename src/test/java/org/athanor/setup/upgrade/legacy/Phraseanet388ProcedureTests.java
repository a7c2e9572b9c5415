package org.athanor.setup.upgrade.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.core.Version;
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

        Result upgrade = ConsoleForTests.setup("system:upgrade", "--config", c, "--yes");
        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
        assertThat(upgrade.out()).contains("Upgraded Phraseanet 3.8.8").contains("Rebuild the search index")
                .containsPattern("Recommended: \\d+ subdefinition\\(s\\) whose file was missing in Phraseanet's folders are queued for regeneration")
                .contains("Phraseanet 3.8.8 dates (server local time) are converted to UTC from time zone " + java.time.ZoneId.systemDefault().getId()
                        + " (the default time zone of this machine's Java; --legacy-timezone <zone> chooses another).");
        // the automatic backup: the Phraseanet databases dumped into the folder Athanor uses, the set saying what they are
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Backup before the upgrade: (\\S+)").matcher(upgrade.out());
        assertThat(m.find()).as(upgrade.out()).isTrue();
        Path setDir = Path.of(m.group(1));
        assertThat(setDir.getParent()).isEqualTo(fixture.datas().resolve("backups"));
        org.athanor.setup.backup.BackupSet set = org.athanor.setup.backup.BackupSet.read(setDir);
        assertThat(set.isComplete()).isTrue();
        assertThat(set.verify()).isEmpty();
        assertThat(set.manifest().installation()).isEqualTo("Phraseanet 3.8.8");
        assertThat(set.manifest().boxes()).extracting(org.athanor.setup.backup.Manifest.BoxEntry::file)
                .containsExactly("appbox.sql", "databox-" + fixture.databoxes().get(0).connection().dbname() + ".sql",
                        "databox-" + fixture.databoxes().get(1).connection().dbname() + ".sql");
        assertThat(Files.readString(setDir.resolve("appbox.sql"))).contains("CREATE TABLE `usr`").contains("'3.8.8'");
        assertThat(Files.readString(setDir.resolve("configuration.yml"))).contains("driver: pdo_mysql");

        assertThat(ConsoleForTests.console("--version").out()).contains(Version.NUMBER);
        Result users = ConsoleForTests.console("--config", c, "user:list");
        assertThat(users.exitCode()).as(users.err()).isZero();
        assertThat(users.out()).contains("alice").contains("bob").contains("admin");
        // every 3.8.8 account is listed, with whether it can sign in
        assertThat(users.out().lines().findFirst().orElse("")).contains("state");
        assertThat(users.out().lines().filter(l -> l.contains(" alice ")).findFirst().orElse("")).contains(" active ");
        assertThat(users.out().lines().filter(l -> l.contains(" dave ")).findFirst().orElse("")).contains(" locked ");
        assertThat(users.out().lines().filter(l -> l.contains("(#deleted_carol")).findFirst().orElse("")).contains(" deleted ");
        assertThat(users.out().lines().filter(l -> l.contains("Modèle photographes")).findFirst().orElse("")).contains(" template ");
        Phraseanet388Fixture.LegacyRecord r = fixture.records().get(3);
        Result show = ConsoleForTests.console("--config", c, "records:show", String.valueOf(r.sbasId()), String.valueOf(r.recordId()));
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains(r.originalName()).contains(r.captions().values().iterator().next().get(0));

        // the Phraseanet set goes back to Phraseanet, by hand: restore-db refuses it, saying how, and changes nothing
        Result restore = ConsoleForTests.setup("system:restore-db", setDir.toString(), "--yes", "--config", c);
        assertThat(restore.exitCode()).as(restore.out() + restore.err()).isNotZero();
        assertThat(restore.err()).contains("holds the databases of a Phraseanet 3.8.8 installation")
                .contains("mariadb <db> < " + setDir.resolve("appbox.sql")).contains("Nothing was changed.");

        Result again = ConsoleForTests.setup("system:upgrade", "--config", c, "--yes");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Nothing to do");
    }
}
