package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.athanor.core.Progress;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.programs.Programs;
import org.athanor.testing.BoxSnapshot;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Phraseanet 3.8 installation is recognized by its configuration.yml ({@code main.database.driver: pdo_mysql}), its
 * appbox {@code sitepreff.version} and its databoxes' {@code pref} version; 3.8.7 is refused with the step to take and
 * nothing changes (3.8.8 is imported: {@code org.athanor.setup.upgrade.legacy.Phraseanet388*Tests}).
 */
@DisplayName("system:upgrade on a Phraseanet installation")
class PhraseanetDetectionTests {
    @TempDir Path temp;

    @AfterAll
    static void drop() {
        TestDatabases.dropAll();
    }

    @ParameterizedTest(name = "sitepreff.version {0}")
    @MethodSource("versions")
    @DisplayName("refuses 3.8.7 before any change, with the step to take (3.8.8 is imported: see legacy.Phraseanet388*Tests)")
    void refusesAndChangesNothing(String version) throws Exception {
        TestDatabases.require(Engine.MARIADB, "Phraseanet runs on MariaDB: set ATHANOR_TEST_DATABASES=h2,mariadb to run this test");
        BoxConnection appbox = TestDatabases.fresh(Engine.MARIADB, temp);
        BoxConnection databox = TestDatabases.fresh(Engine.MARIADB, temp);
        try (Box a = Box.open(BoxKind.APPBOX, "appbox", appbox); Box d = Box.open(BoxKind.DATABOX, "db", databox)) {
            a.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE sitepreff (id INT UNSIGNED NOT NULL, preffs TEXT, version VARCHAR(16) NOT NULL, PRIMARY KEY (id))");
                h.execute("INSERT INTO sitepreff (id, preffs, version) VALUES (1, '', '" + version + "')");
                h.execute("CREATE TABLE sbas (sbas_id INT UNSIGNED NOT NULL, ord INT, host VARCHAR(255), port INT, dbname VARCHAR(128), "
                        + "sqlengine VARCHAR(45), user VARCHAR(128), pwd VARCHAR(100), viewname VARCHAR(128), PRIMARY KEY (sbas_id))");
                h.execute("INSERT INTO sbas VALUES (1, 1, '" + appbox.host() + "', " + appbox.port() + ", '" + databox.dbname() + "', 'MYSQL', '"
                        + appbox.user() + "', '" + appbox.password() + "', 'db')");
            });
            d.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE pref (id INT UNSIGNED NOT NULL AUTO_INCREMENT, prop VARCHAR(32), value LONGTEXT, locale CHAR(2), "
                        + "PRIMARY KEY (id))");
                h.execute("INSERT INTO pref (prop, value, locale) VALUES ('version', '" + version + "', '')");
            });
        }
        Path config = Files.createDirectories(temp.resolve("program/config")).resolve("configuration.yml");
        Files.writeString(config, """
                main:
                    servername: 'http://local.phrasea/'
                    maintenance: false
                    key: ''
                    database:
                        host: '%s'
                        port: %d
                        user: '%s'
                        password: '%s'
                        dbname: %s
                        driver: pdo_mysql
                        charset: UTF8
                    task-manager:
                        enabled: true
                """.formatted(appbox.host(), appbox.port(), appbox.user(), appbox.password(), appbox.dbname()));
        var beforeA = BoxSnapshot.of(appbox);
        var beforeD = BoxSnapshot.of(databox);
        byte[] beforeConfig = Files.readAllBytes(config);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        UpgradeExit exit = new UpgradeService(config, temp.resolve("program"), Programs.system(), new org.athanor.setup.upgrade.legacy.Phraseanet388Import(), UpgradeProofHook.NONE, Clock.systemUTC())
                .run(UpgradeOptions.YES, new PrintWriter(out, true), new PrintWriter(err, true), Progress.NONE);

        assertThat(exit).isEqualTo(UpgradeExit.VERSION_REFUSED);
        assertThat(err.toString()).isEqualTo("""
                The appbox records Phraseanet 3.8.7 (sitepreff.version); Athanor upgrades from Phraseanet 3.8.8 only.
                Upgrade it to Phraseanet 3.8.8 first, then run this again: bin/setup system:upgrade. Nothing was changed.
                """);
        assertThat(BoxSnapshot.of(appbox)).isEqualTo(beforeA);
        assertThat(BoxSnapshot.of(databox)).isEqualTo(beforeD);
        assertThat(Files.readAllBytes(config)).isEqualTo(beforeConfig);
        try (var files = Files.list(config.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("configuration.yml");
        }
    }

    static java.util.stream.Stream<String> versions() {
        return java.util.stream.Stream.of("3.8.7");
    }
}
