package org.athanor.setup.upgrade.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;
import org.athanor.setup.upgrade.LegacyImportRunner;
import org.athanor.setup.upgrade.UpgradeRefusedException;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Phraseanet 3.8.8 import is refused before any change, and survives SIGKILL")
class Phraseanet388SafetyTests {
    static final int RECORDS = 120;

    @BeforeEach void mariadb() {
        TestDatabases.require(Engine.MARIADB, "a Phraseanet 3.8.8 installation is a MariaDB database");
    }

    @AfterAll static void drop() {
        TestDatabases.dropAll();
    }

    @Test void phraseanet387IsRefusedBeforeAnyChange(@TempDir Path home) throws Exception {
        Phraseanet388Fixture fixture = Phraseanet388Fixture.create(home.resolve("phraseanet"), 30, "3.8.7");
        Path config = installConfig(fixture, home.resolve("athanor"));
        List<String> before = checksums(fixture);
        byte[] configBefore = Files.readAllBytes(config);
        List<String> filesBefore = files(home);

        assertThatThrownBy(() -> LegacyImportRunner.decide(config, home.resolve("athanor")))
                .isInstanceOf(UpgradeRefusedException.class)
                .hasMessageContaining("3.8.7")
                .hasMessageContaining("3.8.8 first");

        assertThat(checksums(fixture)).isEqualTo(before);
        assertThat(Files.readAllBytes(config)).isEqualTo(configBefore);
        assertThat(files(home)).isEqualTo(filesBefore);
    }

    @Test void sigkillDuringTheTransformThenRerunEndsInTheSameStateAsAnUninterruptedRun(@TempDir Path home) throws Exception {
        Phraseanet388Fixture straight = Phraseanet388Fixture.create(home.resolve("straight"), RECORDS, "3.8.8");
        Path straightConfig = installConfig(straight, home.resolve("straight-athanor"));
        assertThat(runChild(straightConfig, home.resolve("straight-athanor"), null).exitCode).isZero();

        Phraseanet388Fixture killed = Phraseanet388Fixture.create(home.resolve("killed"), RECORDS, "3.8.8");
        Path killedConfig = installConfig(killed, home.resolve("killed-athanor"));
        Child first = runChild(killedConfig, home.resolve("killed-athanor"), "legacy388-records-3#2");
        assertThat(first.paused).as(first.output).isTrue();
        Child second = runChild(killedConfig, home.resolve("killed-athanor"), "legacy388-configuration");
        assertThat(second.paused).as(second.output).isTrue();
        Child last = runChild(killedConfig, home.resolve("killed-athanor"), null);
        assertThat(last.exitCode).as(last.output).isZero();

        assertThat(state(killed)).containsExactlyElementsOf(state(straight));
    }

    @Test @DisplayName("bin/setup system:upgrade (with its automatic backup) SIGKILLed during the transform, run again without"
            + " --force: the lock of the dead run is taken over and the end state is that of an uninterrupted upgrade")
    void systemUpgradeKilledDuringTheTransformResumesWithoutForce(@TempDir Path home) throws Exception {
        Phraseanet388Fixture straight = Phraseanet388Fixture.create(home.resolve("straight"), RECORDS, "3.8.8");
        Path straightConfig = installConfig(straight, home.resolve("straight-athanor"));
        Child uninterrupted = runSetup(straightConfig, home.resolve("straight-athanor"), null);
        assertThat(uninterrupted.exitCode).as(uninterrupted.output).isZero();
        assertThat(uninterrupted.output).contains("Backup before the upgrade: " + straight.datas().resolve("backups"));

        Phraseanet388Fixture killed = Phraseanet388Fixture.create(home.resolve("killed"), RECORDS, "3.8.8");
        Path killedConfig = installConfig(killed, home.resolve("killed-athanor"));
        Child first = runSetup(killedConfig, home.resolve("killed-athanor"), "legacy388-records-3#2");
        assertThat(first.paused).as(first.output).isTrue();
        Child rerun = runSetup(killedConfig, home.resolve("killed-athanor"), null);
        assertThat(rerun.exitCode).as(rerun.output).isZero();
        assertThat(rerun.output).contains("Took over the upgrade lock of pid ").contains("that process is gone from this host")
                .contains("Upgraded Phraseanet 3.8.8");

        assertThat(state(killed)).containsExactlyElementsOf(state(straight));
    }

    @Test void lazaretFilesWithoutTheirFolderInTheConfigurationAreRefusedBeforeAnyChange(@TempDir Path home) throws Exception {
        Phraseanet388Fixture fixture = Phraseanet388Fixture.create(home.resolve("phraseanet"), 10, "3.8.8");
        Path config = installConfig(fixture, home.resolve("athanor"));
        Files.writeString(config, Files.readString(config).replaceAll("(?m)^    storage:\n        lazaret: .*\n", ""));
        List<String> before = checksums(fixture);

        org.athanor.cli.ConsoleForTests.Result refused = org.athanor.cli.ConsoleForTests.setup("system:upgrade", "--config", config.toString(), "--yes");

        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(5);
        assertThat(refused.err()).contains("The Phraseanet lazaret holds 2 file(s), and main.storage.lazaret in " + config
                + " does not say where they are. Phraseanet 3.8.8 keeps them in tmp/lazaret of its program folder")
                .contains("lazaret: /path/to/the/old/Phraseanet/tmp/lazaret").endsWith("Nothing was changed.\n");
        assertThat(checksums(fixture)).isEqualTo(before);
    }

    @Test void theTimeZoneOfTheDatesIsAValidZoneFromTheOptionOrThe38Configuration(@TempDir Path home) throws Exception {
        Phraseanet388Fixture fixture = Phraseanet388Fixture.create(home.resolve("phraseanet"), 10, "3.8.8");
        Path config = installConfig(fixture, home.resolve("athanor"));
        List<String> before = checksums(fixture);

        org.athanor.cli.ConsoleForTests.Result refused = org.athanor.cli.ConsoleForTests.setup("system:upgrade", "--config",
                config.toString(), "--yes", "--legacy-timezone", "Mars/Olympus_Mons");
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("--legacy-timezone: 'Mars/Olympus_Mons' is not a time zone. Give a region id such as "
                + "Europe/Paris").endsWith("Nothing was changed.\n");
        assertThat(checksums(fixture)).isEqualTo(before);

        Files.writeString(config, Files.readString(config).replace("    maintenance: false\n", "    maintenance: false\n    timezone: America/New_York\n"));
        org.athanor.cli.ConsoleForTests.Result upgrade = org.athanor.cli.ConsoleForTests.setup("system:upgrade", "--config",
                config.toString(), "--yes");
        assertThat(upgrade.exitCode()).as(upgrade.out() + upgrade.err()).isZero();
        assertThat(upgrade.out()).contains("converted to UTC from time zone America/New_York (main.timezone of the 3.8 configuration;");
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT created_at FROM users WHERE login = 'alice'")) {
            rs.next();   // usr_creationdate '2013-04-05 10:00:00', New York daylight time (UTC-4)
            assertThat(rs.getObject(1, java.time.LocalDateTime.class)).isEqualTo(java.time.LocalDateTime.of(2013, 4, 5, 14, 0));
        }
    }

    // ---- helpers

    /** Run {@code bin/setup system:upgrade --yes} in a child JVM; with {@code pauseAt}, SIGKILL it as soon as it reports that point. */
    static Child runSetup(Path config, Path program, String pauseAt) throws Exception {
        return run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dathanor.upgrade.legacy388.batch=25", "-Dathanor.home=" + program, "-cp", System.getProperty("java.class.path"),
                org.athanor.cli.SetupMain.class.getName(), "system:upgrade", "--yes", "--config", config.toString()), pauseAt);
    }

    static Path installConfig(Phraseanet388Fixture fixture, Path program) throws Exception {
        Path config = program.resolve("config/configuration.yml");
        Files.createDirectories(config.getParent());
        Files.copy(fixture.configFile(), config);
        return config;
    }

    record Child(int exitCode, boolean paused, String output) {}

    /** Run the import in a child JVM; with {@code pauseAt}, SIGKILL it as soon as it reports that point. */
    static Child runChild(Path config, Path program, String pauseAt) throws Exception {
        return run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dathanor.upgrade.legacy388.batch=25", "-cp", System.getProperty("java.class.path"),
                LegacyImportRunner.class.getName(), config.toString(), program.toString()), pauseAt);
    }

    static Child run(List<String> cmd, String pauseAt) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (pauseAt != null) pb.environment().put("ATHANOR_UPGRADE_PAUSE_AT", pauseAt);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) { out.append(line).append('\n'); }
                    if (pauseAt != null && line.contains("upgrade: paused at " + pauseAt)) {
                        p.destroyForcibly();      // SIGKILL
                        return true;
                    }
                }
            } catch (java.io.IOException e) {
                // the stream closes when the process is killed
            }
            return false;
        });
        boolean ended = p.waitFor(300, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        boolean wasPaused = paused.get(30, TimeUnit.SECONDS);
        synchronized (out) {
            return new Child(ended ? p.exitValue() : -1, wasPaused, out.toString());
        }
    }

    /** CHECKSUM TABLE of every table of the appbox and databoxes. */
    static List<String> checksums(Phraseanet388Fixture f) throws SQLException {
        List<String> out = new ArrayList<>();
        List<BoxConnection> boxes = new ArrayList<>();
        boxes.add(f.appbox());
        f.databoxes().forEach(d -> boxes.add(d.connection()));
        for (BoxConnection b : boxes) {
            try (Connection c = Phraseanet388Fixture.open(b); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SHOW TABLES")) {
                    while (rs.next()) tables.add(rs.getString(1));
                }
                for (String t : tables) {
                    try (ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + t + "` EXTENDED")) {
                        rs.next();
                        out.add(b.dbname() + "." + t + " " + rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    static List<String> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p) + (Files.isRegularFile(p) ? " " + p.toFile().length() : "")).sorted().toList();
        }
    }

    /** Athanor's tables after the import, without what differs between two fixtures (database names, times, folders). */
    static List<String> state(Phraseanet388Fixture f) throws SQLException {
        List<String> out = new ArrayList<>();
        String home = f.home().toString();
        try (Connection c = Phraseanet388Fixture.open(f.appbox()); Statement s = c.createStatement()) {
            dump(s, out, "users", "SELECT id, login, email, password_hash, is_admin, locale, is_template, first_name, last_name, locked, deleted, template_owner FROM users ORDER BY id", home, f);
            dump(s, out, "collections", "SELECT base_id, sbas_id, coll_id, active, ord FROM collections ORDER BY base_id", home, f);
            dump(s, out, "databoxes", "SELECT sbas_id, engine, ord FROM databoxes ORDER BY sbas_id", home, f);
            dump(s, out, "collection_rights", "SELECT * FROM collection_rights ORDER BY user_id, base_id", home, f);
            dump(s, out, "databox_rights", "SELECT * FROM databox_rights ORDER BY user_id, sbas_id", home, f);
            dump(s, out, "tasks", "SELECT id, name, job_type, settings, period_seconds, configured_status, actual_status, last_error FROM tasks ORDER BY id", home, f);
            dump(s, out, "baskets", "SELECT id, user_id, name, description, is_read, pusher_id, archived FROM baskets ORDER BY id", home, f);
            dump(s, out, "basket_elements", "SELECT id, basket_id, sbas_id, record_id, ord FROM basket_elements ORDER BY id", home, f);
            dump(s, out, "lazaret_files", "SELECT id, base_id, original_name, stored_file, sha256, uuid, size, checks, user_id FROM lazaret_files ORDER BY id", home, f);
            dump(s, out, "jobs", "SELECT job_type, sbas_id, record_id, state FROM jobs ORDER BY sbas_id, record_id, job_type", home, f);
        }
        for (Phraseanet388Fixture.LegacyDatabox d : f.databoxes()) {
            try (Connection c = Phraseanet388Fixture.open(d.connection()); Statement s = c.createStatement()) {
                String p = "databox " + d.sbasId() + " ";
                dump(s, out, p + "records", "SELECT record_id, coll_id, record_type, mime, sha256, uuid, original_name, status, subdefs_pending, subdefs_error, is_story FROM records ORDER BY record_id", home, f);
                dump(s, out, p + "captions", "SELECT record_id, field_id, caption_value, ord FROM record_captions ORDER BY record_id, field_id, ord", home, f);
                dump(s, out, p + "stories", "SELECT * FROM story_members ORDER BY story_id, record_id", home, f);
                dump(s, out, p + "subdefs", "SELECT record_id, name, path, file, size, mime, width, height, etag FROM subdefs ORDER BY record_id, name", home, f);
                dump(s, out, p + "technical", "SELECT * FROM technical_data ORDER BY record_id, name", home, f);
                dump(s, out, p + "fields", "SELECT * FROM structure_fields ORDER BY id", home, f);
                dump(s, out, p + "subdef specs", "SELECT type_group, name, subdef_class, mediatype, size, options FROM structure_subdefs ORDER BY type_group, name", home, f);
                dump(s, out, p + "status bits", "SELECT * FROM structure_status_bits ORDER BY bit", home, f);
                dump(s, out, p + "collections", "SELECT coll_id, name, label_en, label_fr FROM collections ORDER BY coll_id", home, f);
            }
        }
        return out;
    }

    private static void dump(Statement s, List<String> out, String label, String sql, String home, Phraseanet388Fixture f) throws SQLException {
        int rows = 0;
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder line = new StringBuilder(label).append(':');
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    if (v != null) {
                        v = v.replace(home, "<home>");
                        for (Phraseanet388Fixture.LegacyDatabox d : f.databoxes()) v = v.replace(d.dbname(), "<db" + d.sbasId() + ">");
                        if (v.startsWith("$argon2id$")) v = "<argon2id>";
                    }
                    line.append(' ').append(v);
                }
                out.add(line.toString());
                rows++;
            }
        }
        out.add(label + ": " + rows + " row(s)");
    }
}
