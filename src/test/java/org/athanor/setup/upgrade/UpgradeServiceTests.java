package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.athanor.Athanor;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.config.ConfigLoader;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.db.SchemaMigrator;
import org.athanor.programs.Programs;
import org.athanor.testing.Await;
import org.athanor.testing.BoxSnapshot;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.OnEveryServer;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("bin/setup system:upgrade (engine)")
class UpgradeServiceTests {
    @TempDir Path temp;

    @OnEveryEngine
    @DisplayName("upgrades an alpha.2-shaped installation to this release: schemas, checksums, version records, backup, log; a rerun has nothing to do")
    void upgradesAlpha2(Engine engine) throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, engine, temp)) {
            List<String> sums = OldInstallations.addRecordsWithoutChecksum(t, 3);
            assertThat(UpgradeService.awaitsUpgrade(t.configFile(), t.programHome())).isTrue();
            Run run = upgrade(t, UpgradeOptions.YES);

            assertThat(run.exit).as(run.toString()).isEqualTo(UpgradeExit.DONE);
            assertThat(run.out).contains("Upgraded Athanor 4.0.0-alpha.2 (appbox schema 3) to Athanor " + Version.NUMBER);
            assertThat(run.out).containsPattern("Backup before the upgrade: .*athanor-backup-");
            Path backup = Path.of(run.out.lines().filter(l -> l.startsWith("Backup before the upgrade: ")).findFirst().orElseThrow()
                    .substring("Backup before the upgrade: ".length()));
            assertThat(backup).startsWith(t.dataPath()).isDirectory();
            assertThat(state(t)).isEqualTo(expectedState(t, sums));
            try (Athanor athanor = Athanor.open(ConfigLoader.load(t.configFile()))) {
                assertThat(athanor.info().installedVersion()).hasValue(Version.NUMBER);
            }
            Path log = Path.of(run.out.lines().filter(l -> l.startsWith("Log: ")).findFirst().orElseThrow().substring(5));
            assertThat(log.getFileName().toString()).matches("upgrade-4\\.0\\.0-alpha\\.2-4\\.0\\.0-\\d{8}-\\d{6}\\.log");
            assertThat(Files.readString(log)).contains("appbox-schema: done", "record-checksums-1: done", "version-records: done");

            assertThat(UpgradeService.finishedMarker(t.programHome())).content().contains("from=4.0.0-alpha.2", "to=" + Version.NUMBER);
            assertThat(UpgradeService.awaitsUpgrade(t.configFile(), t.programHome())).isFalse();

            Run again = upgrade(t, UpgradeOptions.YES);
            assertThat(again.exit).isEqualTo(UpgradeExit.DONE);
            assertThat(again.out).startsWith("Nothing to do: the installation is at Athanor " + Version.NUMBER);
        }
    }

    @Test
    @DisplayName("upgrades an alpha.1-shaped installation: its configuration gains the border-manager section, the original kept as .bak")
    void upgradesAlpha1WithItsConfiguration() throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_1, Engine.H2, temp)) {
            byte[] original = Files.readAllBytes(t.configFile());
            Run run = upgrade(t, UpgradeOptions.YES);
            assertThat(run.exit).as(run.toString()).isEqualTo(UpgradeExit.DONE);
            Path bak = t.configFile().resolveSibling("configuration.yml.4.0.0-alpha.1.bak");
            assertThat(bak).exists();
            assertThat(Files.readAllBytes(bak)).isEqualTo(original);
            assertThat(Files.readString(t.configFile())).contains("\nborder-manager:\n").contains("maintenance: false");
            assertThat(ConfigLoader.load(t.configFile()).main().maintenance()).isFalse();
        }
    }

    @org.junit.jupiter.api.BeforeAll
    static void smallBatchesForTheCrashPoints() {
        System.setProperty(BatchDataMigration.BATCH_PROPERTY, "2");
    }

    @AfterAll
    static void defaultBatches() {
        System.clearProperty(BatchDataMigration.BATCH_PROPERTY);
    }

    @ParameterizedTest(name = "killed at {0}, then run again")
    @ValueSource(strings = {"configuration", "appbox-schema", "databox-schema-1", "record-checksums-1#1", "record-checksums-1#2", "version-records"})
    @DisplayName("an upgrade killed (SIGKILL, in its own JVM) at a step or inside a data-migration batch ends, when run again, in the state of an uninterrupted one")
    void interruptedThenRerun(String point) throws Exception {
        Path refDir = Files.createDirectories(temp.resolve("reference"));
        Path dir = Files.createDirectories(temp.resolve("interrupted"));
        Map<String, Object> reference;
        try (TestInstallation ref = OldInstallations.make(Releases.ALPHA_1, Engine.H2, refDir)) {
            OldInstallations.addRecordsWithoutChecksum(ref, 4);
            assertThat(upgrade(ref, new UpgradeOptions(true, false, false, false, true, false)).exit).isEqualTo(UpgradeExit.DONE);
            reference = state(ref);
        }
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_1, Engine.H2, dir)) {
            OldInstallations.addRecordsWithoutChecksum(t, 4);
            Process paused = UpgradeChild.startPausedAt(t, point);
            paused.destroyForcibly();                                         // SIGKILL: no shutdown hook, no cleanup
            assertThat(paused.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Run second = upgrade(t, new UpgradeOptions(true, false, false, true, true, false));   // --force: the killed run's lock
            assertThat(second.exit).as(second.toString()).isEqualTo(UpgradeExit.DONE);
            assertThat(state(t)).isEqualTo(reference);
        }
    }

    @Test
    @DisplayName("a second upgrade started while the first runs is refused naming the first, and changes nothing")
    void secondConcurrentUpgradeIsRefused() throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, Engine.H2, temp)) {
            UpgradeOptions options = new UpgradeOptions(true, false, false, false, true, false);
            AtomicReference<UpgradeExit> first = new AtomicReference<>();
            Thread running = new Thread(() -> {
                try (Installation installation = Detector.open(t.configFile(), t.programHome(), "databox-schema-1")) {
                    first.set(service(t).run(installation, options, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                            Progress.NONE));
                }
            });
            running.start();
            Await.until("the first upgrade to pause at databox-schema-1", Duration.ofSeconds(60), () -> pausedAtPausePoint(running) || !running.isAlive());
            assertThat(pausedAtPausePoint(running)).as("the first upgrade paused at databox-schema-1").isTrue();

            Run second = upgrade(t, options);
            assertThat(second.exit).isEqualTo(UpgradeExit.LOCKED);
            assertThat(second.err).startsWith("Another bin/setup system:upgrade holds the upgrade lock of this installation (pid "
                    + ProcessHandle.current().pid() + " on " + UpgradeLock.thisHost() + ", upgrading 4.0.0-alpha.2 to " + Version.NUMBER);
            Run forced = upgrade(t, new UpgradeOptions(true, false, false, true, true, false));
            assertThat(forced.exit).as("--force does not take over a live upgrade").isEqualTo(UpgradeExit.LOCKED);

            running.interrupt();
            running.join(30_000);
            assertThat(first.get()).isEqualTo(UpgradeExit.FAILED);
            assertThat(upgrade(t, options).exit).isEqualTo(UpgradeExit.DONE);
        }
    }

    @Test
    @DisplayName("a migration cut short on H2 (some of its tables made, no history row) is detected and applied whole")
    void completesAMigrationCutShort() throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, Engine.H2, temp)) {
            appbox(t, "DROP TABLE admin_actions", null);
            appbox(t, "DROP TABLE login_failures", null);
            appbox(t, "DELETE FROM athanor_schema_history WHERE version = '3'", null);     // remember_tokens stays: V3 was cut short
            Run run = upgrade(t, UpgradeOptions.YES);
            assertThat(run.exit).as(run.toString()).isEqualTo(UpgradeExit.DONE);
            Path log = Path.of(run.out.lines().filter(l -> l.startsWith("Log: ")).findFirst().orElseThrow().substring(5));
            assertThat(Files.readString(log)).contains("migration V3 had been cut short (tables [remember_tokens] existed, empty, "
                    + "without history row): dropped them to apply it whole");
            assertThat(appboxLong(t, "SELECT COUNT(*) FROM athanor_schema_history WHERE version IN ('3', '6') AND success")).isEqualTo(2);
            assertThat(appboxLong(t, "SELECT COUNT(*) FROM admin_actions")).isZero();
        }
    }

    @Test
    @DisplayName("--dry-run prints the plan (steps, migrations per box, estimate) and changes nothing; --dump prints the SQL")
    void dryRunAndDump() throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, Engine.H2, temp)) {
            Untouched before = Untouched.of(t);
            Run plan = upgrade(t, new UpgradeOptions(false, true, false, false, false, false));
            assertThat(plan.exit).isEqualTo(UpgradeExit.DONE);
            assertThat(plan.out)
                    .contains("Upgrade plan: Athanor 4.0.0-alpha.2 (appbox schema 3) -> Athanor " + Version.NUMBER)
                    .contains(" 1. embedded-database\n      give the H2 databases a random password (main.database.password)")
                    .contains(" 2. configuration (already done)")
                    .contains(" 3. appbox-schema\n      appbox 'appbox' (h2 ")
                    .contains("schema 3 -> " + SchemaMigrator.latestVersion(BoxKind.APPBOX) + ": V4 process heartbeats, V6 box releases upgrade lock checkpoints")
                    .contains(" 4. databox-schema-1\n")
                    .contains("schema 1 -> " + SchemaMigrator.latestVersion(BoxKind.DATABOX) + ": V2 add original sha256 and ingest lock")
                    .contains(" 6. version-records")
                    .containsPattern("Boxes: [0-9.]+ [KM]B; estimated time about \\d+ s")
                    .endsWith("Nothing was changed (--dry-run).\n");
            Run dump = upgrade(t, new UpgradeOptions(false, false, true, false, false, false));
            assertThat(dump.out).contains("CREATE TABLE IF NOT EXISTS box_releases (").contains("TIMESTAMP").doesNotContain("${");
            assertThat(Untouched.of(t)).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("refusals change nothing: a running scheduler, active sessions, a downgrade — database contents and config byte-identical")
    void refusalsChangeNothing() throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, Engine.H2, temp)) {
            appbox(t, "UPDATE scheduler_state SET actual_status = 'started', heartbeat = :now, host = 'web1', pid = 4242", Instant.now());
            Untouched before = Untouched.of(t);
            Run scheduler = upgrade(t, UpgradeOptions.YES);
            assertThat(scheduler.exit).isEqualTo(UpgradeExit.PREFLIGHT_REFUSED);
            assertThat(scheduler.err).contains("The installation is in use:\n  - the scheduler is started (pid 4242 on web1, heartbeat ")
                    .contains("Stop the scheduler (bin/console task-manager:scheduler:stop)").contains("Nothing was changed.");
            assertThat(Untouched.of(t)).isEqualTo(before);

            appbox(t, "UPDATE scheduler_state SET actual_status = 'stopped'", null);
            long user = appboxLong(t, "SELECT MIN(id) FROM users");
            appbox(t, "INSERT INTO sessions (id, user_id, created_at, last_seen, expires_at) VALUES ('s1', " + user + ", :now, :now, "
                    + "TIMESTAMP '2999-01-01 00:00:00')", Instant.now());
            Untouched withSession = Untouched.of(t);
            Run sessions = upgrade(t, UpgradeOptions.YES);
            assertThat(sessions.exit).isEqualTo(UpgradeExit.PREFLIGHT_REFUSED);
            assertThat(sessions.err).startsWith("1 user session(s) are active in the appbox.").contains("--disconnect-users");
            assertThat(Untouched.of(t)).isEqualTo(withSession);
        }
    }

    @Test
    @DisplayName("--disconnect-users signs the users out instead of refusing, and the upgrade goes on")
    void disconnectUsers() throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, Engine.H2, temp)) {
            long user = appboxLong(t, "SELECT MIN(id) FROM users");
            appbox(t, "INSERT INTO sessions (id, user_id, created_at, last_seen, expires_at) VALUES ('s1', " + user + ", :now, :now, "
                    + "TIMESTAMP '2999-01-01 00:00:00')", Instant.now());
            Run run = upgrade(t, new UpgradeOptions(true, false, false, false, true, true));
            assertThat(run.exit).as(run.toString()).isEqualTo(UpgradeExit.DONE);
            assertThat(appboxLong(t, "SELECT COUNT(*) FROM sessions")).isZero();
        }
    }

    @OnEveryServer
    @DisplayName("refuses while another process is connected to a box (a server of the old release writes no heartbeat)")
    void refusesWhileAnotherProcessIsConnected(Engine engine) throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, engine, temp);
                Box oldServer = Box.open(BoxKind.DATABOX, "old-server", t.databoxConnection())) {
            oldServer.jdbi().useHandle(h -> h.createQuery("SELECT COUNT(*) FROM records").mapTo(Long.class).one());
            Untouched before = Untouched.of(t);
            Run run = upgrade(t, UpgradeOptions.YES);
            assertThat(run.exit).isEqualTo(UpgradeExit.PREFLIGHT_REFUSED);
            assertThat(run.err).startsWith("The installation is in use:\n  - another process is connected to the databox '"
                    + t.request().databoxName() + "' " + t.databoxConnection().describe() + ": connection ");
            assertThat(Untouched.of(t)).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("refuses an installation written by a newer release, naming it, and changes nothing")
    void refusesDowngrade() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, temp)) {
            appbox(t, "UPDATE box_releases SET release_version = '4.1.0' WHERE box_kind = 'appbox'", null);
            Untouched before = Untouched.of(t);
            Run run = upgrade(t, UpgradeOptions.YES);
            assertThat(run.exit).isEqualTo(UpgradeExit.VERSION_REFUSED);
            assertThat(run.err).startsWith("The installation was written by Athanor 4.1.0 (appbox: 4.1.0 (appbox schema "
                    + SchemaMigrator.latestVersion(BoxKind.APPBOX) + ", recorded release 4.1.0))")
                    .contains("Install Athanor 4.1.0 or newer, or restore a backup made by Athanor 4.0.0 or older (the sets in "
                            + t.dataPath().resolve("backups") + ")");
            assertThat(Untouched.of(t)).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("a second upgrade is refused naming the first; a lock whose owner is gone from this host is taken over without"
            + " --force, saying so; another host's silent lock needs --force")
    void lock() throws Exception {
        try (TestInstallation t = OldInstallations.make(Releases.ALPHA_2, Engine.H2, temp)) {
            long me = ProcessHandle.current().pid();
            String host = UpgradeLock.thisHost();
            try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", t.appboxConnection())) {
                UpgradeTables.ensure(appbox);
            }
            appbox(t, "INSERT INTO upgrade_lock (id, host, pid, from_release, to_release, started_at, heartbeat_at) VALUES (1, '" + host
                    + "', " + me + ", '4.0.0-alpha.2', '4.0.0', :now, :now)", Instant.now());
            UpgradeOptions force = new UpgradeOptions(true, false, false, true, true, false);
            UpgradeOptions noForce = new UpgradeOptions(true, false, false, false, true, false);
            Run alive = upgrade(t, force);
            assertThat(alive.exit).isEqualTo(UpgradeExit.LOCKED);
            assertThat(alive.err).startsWith("Another bin/setup system:upgrade holds the upgrade lock of this installation (pid " + me + " on "
                    + host + ", upgrading 4.0.0-alpha.2 to 4.0.0, started ").contains("Wait for it to finish").endsWith("Nothing was changed.\n");

            appbox(t, "UPDATE upgrade_lock SET host = 'another-host.example', heartbeat_at = :now", Instant.now().minusSeconds(600));
            Run silent = upgrade(t, noForce);
            assertThat(silent.exit).isEqualTo(UpgradeExit.LOCKED);
            assertThat(silent.err).contains("Its host another-host.example sent no heartbeat for 6")
                    .contains("run bin/setup system:upgrade --force to take it over.");

            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            appbox(t, "UPDATE upgrade_lock SET host = '" + host + "', pid = " + gone.pid() + ", heartbeat_at = :now", Instant.now());
            Run dead = upgrade(t, noForce);
            assertThat(dead.exit).as(dead.toString()).isEqualTo(UpgradeExit.DONE);
            assertThat(dead.out).contains("Took over the upgrade lock of pid " + gone.pid() + " on " + host)
                    .contains("that process is gone from this host (killed or crashed); this run resumes its upgrade.");
            assertThat(appboxLong(t, "SELECT COUNT(*) FROM upgrade_lock")).isZero();
        }
    }

    // --- helpers

    record Run(UpgradeExit exit, String out, String err) {}

    private static UpgradeService service(TestInstallation t) {
        return new UpgradeService(t.configFile(), t.programHome(), Programs.system(), new org.athanor.setup.upgrade.legacy.Phraseanet388Import(),
                UpgradeProofHook.NONE, Clock.systemUTC());
    }

    static Run upgrade(TestInstallation t, UpgradeOptions options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        UpgradeExit exit = service(t).run(options, new PrintWriter(out, true), new PrintWriter(err, true), Progress.NONE);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void appbox(TestInstallation t, String sql, Instant now) {
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", t.appboxConnection())) {
            appbox.jdbi().useHandle(h -> {
                var u = h.createUpdate(sql);
                if (now != null) u.bind("now", now);
                u.execute();
            });
        }
    }

    private static long appboxLong(TestInstallation t, String sql) {
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", t.appboxConnection())) {
            return appbox.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
        }
    }

    /** The end state that matters, without what differs between two installations (ids of users, dates, hashes). */
    static Map<String, Object> state(TestInstallation t) throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", t.appboxConnection());
                Box db = Box.open(BoxKind.DATABOX, "db", t.databoxConnection())) {
            s.put("appbox schema", SchemaMigrator.currentVersion(appbox).orElse("none"));
            s.put("databox schema", SchemaMigrator.currentVersion(db).orElse("none"));
            s.put("appbox history", appbox.jdbi().withHandle(h -> h.createQuery(
                    "SELECT version, success FROM athanor_schema_history WHERE version IS NOT NULL ORDER BY installed_rank").mapToMap().list()));
            s.put("box releases", appbox.jdbi().withHandle(h -> h.createQuery(
                    "SELECT box_kind, sbas_id, release_version, schema_version FROM box_releases ORDER BY box_kind, sbas_id").mapToMap().list()));
            s.put("lock rows", appbox.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM upgrade_lock").mapTo(Long.class).one()));
            s.put("checkpoints", appbox.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM upgrade_checkpoints").mapTo(Long.class).one()));
            s.put("app version", appbox.jdbi().withHandle(h -> h.createQuery("SELECT info_value FROM app_info WHERE info_key = 'version'").mapTo(String.class).one()));
            s.put("record checksums", db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT sha256 FROM records WHERE is_story = FALSE ORDER BY record_id").mapTo(String.class).list()));
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (var e : BoxSnapshot.of(t.appboxConnection()).entrySet()) counts.put("appbox." + e.getKey(), e.getValue().size());
            s.put("row counts", counts);
        }
        String config = Files.readString(t.configFile());
        s.put("maintenance", ConfigLoader.load(t.configFile()).main().maintenance());
        s.put("border-manager in config", config.contains("\nborder-manager:"));
        return s;
    }

    private static Map<String, Object> expectedState(TestInstallation t, List<String> sums) throws Exception {
        Map<String, Object> s = state(t);
        assertThat(s.get("appbox schema")).isEqualTo(SchemaMigrator.latestVersion(BoxKind.APPBOX));
        assertThat(s.get("box releases").toString()).contains("release_version=" + Version.NUMBER);
        assertThat(s.get("lock rows")).isEqualTo(0L);
        assertThat(s.get("checkpoints")).isEqualTo(0L);
        assertThat(s.get("app version")).isEqualTo(Version.NUMBER);
        assertThat(s.get("maintenance")).isEqualTo(false);
        List<String> expectedSums = new ArrayList<>(sums);
        assertThat(s.get("record checksums")).isEqualTo(expectedSums);
        return s;
    }

    /** Every table's rows of both boxes and the config file's bytes: equal means untouched. */
    record Untouched(Map<String, List<List<String>>> appbox, Map<String, List<List<String>>> databox, String config, List<String> configFolder) {
        static Untouched of(TestInstallation t) throws Exception {
            List<String> files;
            try (var list = Files.list(t.configFile().getParent())) {
                files = list.map(p -> p.getFileName().toString()).sorted().toList();
            }
            return new Untouched(BoxSnapshot.of(t.appboxConnection()), BoxSnapshot.of(t.databoxConnection()),
                    new String(Files.readAllBytes(t.configFile()), java.nio.charset.StandardCharsets.ISO_8859_1), files);
        }
    }


    /** Whether the upgrade thread waits in its pause point (waiting elsewhere, e.g. on the version check's process, is not it). */
    private static boolean pausedAtPausePoint(Thread t) {
        return t.getState() == Thread.State.WAITING
                && java.util.Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("pausePoint"));
    }
}
