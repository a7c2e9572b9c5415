package org.athanor.setup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.appbox.UserService;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.ids.DataboxId;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;
import org.athanor.programs.Programs;
import org.athanor.testing.BoxSnapshot;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.OnEveryServer;
import org.athanor.testing.TestDatabases;
import org.athanor.testing.TestInstallation;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("system:backup-db and system:restore-db")
class BackupRestoreTests {
    @TempDir Path dir;

    static Stream<Arguments> enginesWithCompression() {
        List<Compression> compressions = List.of(Compression.GZIP, Compression.NONE, Compression.BZIP2);
        List<Engine> engines = TestDatabases.enabled();
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) all.add(Arguments.of(engines.get(i), compressions.get(i % compressions.size())));
        return all.stream();
    }

    @Nested @DisplayName("backing up")
    class BackingUp {
        @OnEveryEngine
        @DisplayName("makes a complete set: a dump per box, the configuration (0600), a manifest whose checksums verify")
        void completeSet(Engine engine, EngineUnderTest on) throws Exception {
            try (TestInstallation t = on.install(dir)) {
                BackupSet set = service(t).backUpAll(null, Compression.NONE, null, Progress.NONE);

                assertThat(set.isComplete()).isTrue();
                assertThat(set.verify()).isEmpty();
                assertThat(set.dir().getParent()).isEqualTo(t.dataPath().resolve("backups"));
                assertThat(set.dir().getFileName().toString()).matches("athanor-backup-\\d{8}-\\d{6}");
                Manifest m = set.manifest();
                assertThat(m.athanorVersion()).isEqualTo(Version.NUMBER);
                assertThat(m.finishedAt()).isAfterOrEqualTo(m.startedAt());
                assertThat(m.boxes()).extracting(Manifest.BoxEntry::kind, Manifest.BoxEntry::name, Manifest.BoxEntry::engine,
                                Manifest.BoxEntry::schemaVersion, Manifest.BoxEntry::file, Manifest.BoxEntry::status)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("appbox", "appbox", engine.id(), org.athanor.db.SchemaMigrator.latestVersion(org.athanor.db.BoxKind.APPBOX), "appbox.sql", "ok"),
                                org.assertj.core.groups.Tuple.tuple("databox", t.request().databoxName(), engine.id(), org.athanor.db.SchemaMigrator.latestVersion(org.athanor.db.BoxKind.DATABOX),
                                        "databox-" + t.request().databoxName() + ".sql", "ok"));
                assertThat(m.boxes()).allSatisfy(b -> assertThat(b.serverVersion()).isNotBlank());
                assertThat(m.files()).extracting(Manifest.FileEntry::name)
                        .containsExactly("configuration.yml", "appbox.sql", "databox-" + t.request().databoxName() + ".sql");
                assertThat(Files.readString(set.dir().resolve("configuration.yml"))).isEqualTo(Files.readString(t.configFile()));
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(set.dir().resolve("configuration.yml")))).isEqualTo("rw-------");
                assertThat(Files.readString(set.dir().resolve("appbox.sql"))).contains("users").contains(TestInstallation.ADMIN);
                assertThat(Files.readString(set.dir().resolve("manifest.json"))).contains("\"athanor_version\" : \"" + Version.NUMBER + "\"")
                        .contains("\"complete\" : true").contains("\"sha256\"")
                        .contains("\"search_index\" : \"not in the set: rebuild it after a restore");
            }
        }

        @OnEveryServer
        @DisplayName("with the appbox server unreachable, marks the set incomplete and names the box and the cause")
        void appboxUnreachable(Engine engine, EngineUnderTest on) throws Exception {
            try (TestInstallation t = on.install(dir)) {
                Path broken = dir.resolve("broken/config/configuration.yml");
                Files.createDirectories(broken.getParent());
                Files.writeString(broken, Files.readString(t.configFile()).replaceFirst("port: \\d+", "port: 1"));
                AthanorConfig config = ConfigLoader.load(broken);

                BackupSet set = new BackupService(config, dir.resolve("program"), Programs.system(), Clock.systemUTC())
                        .backUpAll(dir.resolve("sets"), Compression.NONE, null, Progress.NONE);

                assertThat(set.isComplete()).isFalse();
                assertThat(BackupSet.read(set.dir()).isComplete()).isFalse();
                assertThat(set.failures()).singleElement().satisfies(f -> {
                    assertThat(f.label()).isEqualTo("appbox 'appbox'");
                    assertThat(f.error()).contains("appbox 'appbox'").contains(":1").contains("no " + engine.id() + " server at 127.0.0.1:1 answers");
                });
                assertThat(set.summary()).contains("INCOMPLETE");
            }
        }

        @OnEveryServer
        @DisplayName("with a databox unreachable, still dumps the others and marks the set incomplete")
        void databoxUnreachable(Engine engine, EngineUnderTest on) throws Exception {
            try (TestInstallation t = on.install(dir)) {
                try (Athanor a = t.open()) {
                    a.appbox().jdbi().useHandle(h -> h.execute("UPDATE databoxes SET port = 1"));
                }
                BackupSet set = service(t).backUpAll(dir.resolve("sets"), Compression.NONE, null, Progress.NONE);

                assertThat(set.isComplete()).isFalse();
                assertThat(set.manifest().boxes()).extracting(Manifest.BoxEntry::status).containsExactly("ok", "failed");
                assertThat(set.failures().get(0).error()).contains("databox '" + t.request().databoxName() + "'").contains("127.0.0.1:1");
                assertThat(set.verify()).isEmpty();
                try (Athanor a = t.open()) {
                    a.appbox().jdbi().useHandle(h -> h.execute("UPDATE databoxes SET port = " + t.databoxConnection().port()));
                }
            }
        }

        @OnEveryServer
        @DisplayName("kills a dump that waits longer than --timeout and marks the set incomplete")
        void timeout(Engine engine, EngineUnderTest on) throws Exception {
            try (TestInstallation t = on.install(dir)) {
                BoxConnection c = t.databoxConnection();
                try (Connection locker = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password()); Statement st = locker.createStatement()) {
                    locker.setAutoCommit(false);
                    st.execute(engine == Engine.POSTGRESQL ? "LOCK TABLE records IN ACCESS EXCLUSIVE MODE" : "LOCK TABLES records WRITE");
                    long start = System.nanoTime();
                    BackupSet set = service(t).backUpAll(dir.resolve("sets"), Compression.NONE, Duration.ofSeconds(2), Progress.NONE);
                    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

                    assertThat(seconds).isLessThan(15);
                    assertThat(set.isComplete()).isFalse();
                    assertThat(set.manifest().boxes()).extracting(Manifest.BoxEntry::status).containsExactly("ok", "timed out");
                    assertThat(set.failures().get(0).error()).contains("did not finish within 2 s and was killed");
                    assertThat(set.manifest().files()).extracting(Manifest.FileEntry::name).doesNotContain("databox-" + t.request().databoxName() + ".sql");
                    locker.rollback();
                }
            }
        }

        @Test @DisplayName("refuses a folder inside the program folder")
        void refusesProgramFolder() {
            try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
                assertThatThrownBy(() -> service(t).backUpAll(t.programHome().resolve("config"), Compression.NONE, null, Progress.NONE))
                        .isInstanceOf(AthanorException.class)
                        .hasMessageContaining("is inside the program folder " + t.programHome())
                        .extracting(e -> ((AthanorException) e).code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
            }
        }

        @Test @DisplayName("names the Debian package of a missing dump tool")
        void missingTool() throws Exception {
            Programs empty = new Programs(List.of(Files.createDirectories(dir.resolve("empty-bin"))));
            assertThatThrownBy(() -> DumpTools.POSTGRESQL.requireDump(empty))
                    .hasMessageContaining("pg_dump is needed to back up postgresql databases and was not found")
                    .hasMessageContaining("install the Debian package postgresql-client");
            assertThatThrownBy(() -> DumpTools.MARIADB.requireLoad(empty))
                    .hasMessageContaining("mariadb or mysql is needed to restore mariadb databases")
                    .hasMessageContaining("apt-get install mariadb-client");
        }
    }

    @Nested @DisplayName("restoring")
    class Restoring {
        @ParameterizedTest(name = "on {0} ({1})")
        @MethodSource("org.athanor.setup.backup.BackupRestoreTests#enginesWithCompression")
        @DisplayName("puts every table of every box back to its backed-up content")
        void roundTrip(Engine engine, Compression compression) throws Exception {
            try (TestInstallation t = TestInstallation.install(engine, dir)) {
                DataboxId databox;
                try (Athanor a = t.open()) {
                    databox = a.databoxes().list().get(0).id();
                    new UserService(a.appbox().jdbi()).create(new UserService.NewUser("alice", "alice@example.org", "alice's secret", false, "fr"));
                    new UserService(a.appbox().jdbi()).create(new UserService.NewUser("bob", "bob@example.org", "bob's long secret", false, "en"));
                    a.collections().create(databox, "photos");
                    addRecords(a.databoxes().box(databox).jdbi(), 5);
                }
                Map<String, Map<String, List<List<String>>>> before = snapshot(t);
                assertThat(before.get("databox").get("records")).hasSize(5);

                BackupSet set = service(t).backUpAll(null, compression, null, Progress.NONE);
                assertThat(set.isComplete()).isTrue();
                assertThat(set.manifest().files()).extracting(Manifest.FileEntry::name).contains("appbox.sql" + compression.suffix());

                try (Athanor a = t.open()) {
                    a.appbox().jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE login = 'alice'"));
                    new UserService(a.appbox().jdbi()).create(new UserService.NewUser("carol", "carol@example.org", "carol's secret", false, "en"));
                    a.collections().create(databox, "videos");
                    Jdbi db = a.databoxes().box(databox).jdbi();
                    db.useHandle(h -> {
                        h.execute("DELETE FROM records WHERE record_id IN (SELECT record_id FROM record_captions WHERE caption_value = 'caption 2')");
                        h.execute("UPDATE record_captions SET caption_value = 'changed' WHERE caption_value = 'caption 1'");
                    });
                    addRecords(db, 2);
                }
                assertThat(snapshot(t)).isNotEqualTo(before);

                RestoreService.RestoreReport report = new RestoreService(ConfigLoader.load(t.configFile()), Programs.system(), Clock.systemUTC())
                        .restore(set.dir(), Progress.NONE);

                assertThat(report.boxes()).extracting(RestoreService.RestoredBox::label)
                        .containsExactly("appbox 'appbox'", "databox '" + t.request().databoxName() + "' (sbas_id " + databox.value() + ")");
                assertThat(snapshot(t)).isEqualTo(before);
                try (Athanor a = t.open()) {          // and the program works on it: the next record gets a fresh id
                    assertThat(a.users().list()).extracting(u -> u.login()).contains("alice", "bob").doesNotContain("carol");
                    addRecords(a.databoxes().box(databox).jdbi(), 1);
                    assertThat(a.recordStore(databox).count()).isEqualTo(6);
                }
            }
        }

        @Test @DisplayName("refuses a set whose file no longer matches its checksum, before changing anything")
        void refusesTampering() throws Exception {
            try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
                BackupSet set = service(t).backUpAll(null, Compression.NONE, null, Progress.NONE);
                Path dump = set.dir().resolve("appbox.sql");
                Files.writeString(dump, Files.readString(dump).replace(TestInstallation.ADMIN, "evil@example.org"));
                Map<String, Map<String, List<List<String>>>> before = snapshot(t);

                assertThatThrownBy(() -> restoreService(t).restore(set.dir(), Progress.NONE))
                        .isInstanceOf(AthanorException.class)
                        .hasMessageContaining("does not match its manifest")
                        .hasMessageContaining("appbox.sql: ")
                        .hasMessageContaining("Nothing was changed.");
                assertThat(snapshot(t)).isEqualTo(before);
            }
        }

        @Test @DisplayName("refuses a set made by another Athanor version and names the version to install")
        void refusesOtherVersion() throws Exception {
            try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
                BackupSet set = service(t).backUpAll(null, Compression.NONE, null, Progress.NONE);
                Path manifest = set.dir().resolve(BackupSet.MANIFEST);
                ObjectNode json = (ObjectNode) BackupSet.JSON.readTree(manifest.toFile());
                json.put("athanor_version", "4.1.3");
                Files.write(manifest, BackupSet.JSON.writeValueAsBytes(json));

                assertThatThrownBy(() -> restoreService(t).restore(set.dir(), Progress.NONE))
                        .isInstanceOf(AthanorException.class)
                        .hasMessageContaining("was made by Athanor 4.1.3; this program is Athanor " + Version.NUMBER)
                        .hasMessageContaining("Install Athanor 4.1.3")
                        .extracting(e -> ((AthanorException) e).code()).isEqualTo(ErrorCode.CONFLICT);
            }
        }

        @Test @DisplayName("refuses an incomplete set")
        void refusesIncomplete() throws Exception {
            try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
                BackupSet set = service(t).backUpAll(null, Compression.NONE, null, Progress.NONE);
                Manifest m = set.manifest();
                BackupSet.write(set.dir(), new Manifest(m.format(), m.athanorVersion(), false, m.compression(), m.startedAt(), null, m.boxes(), m.files()));

                assertThatThrownBy(() -> restoreService(t).restore(set.dir(), Progress.NONE))
                        .hasMessageContaining("is incomplete (the backup was interrupted): restore from a complete set. Nothing was changed.");
            }
        }

        @Test @DisplayName("refuses while the scheduler runs, not when its heartbeat is stale")
        void refusesWhileSchedulerRuns() throws Exception {
            try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
                BackupSet set = service(t).backUpAll(null, Compression.NONE, null, Progress.NONE);
                try (Athanor a = t.open()) {
                    a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE scheduler_state SET actual_status = 'started', heartbeat = :now WHERE id = 1")
                            .bind("now", Instant.now()).execute());
                }
                assertThatThrownBy(() -> restoreService(t).restore(set.dir(), Progress.NONE))
                        .isInstanceOf(AthanorException.class)
                        .hasMessageContaining("The scheduler is started")
                        .hasMessageContaining("task-manager:scheduler:stop")
                        .extracting(e -> ((AthanorException) e).code()).isEqualTo(ErrorCode.CONFLICT);

                Instant now = Instant.now();
                assertThat(SchedulerGuard.isRunning(new SchedulerGuard.State("stopping", now.minusSeconds(3)), now)).isTrue();
                assertThat(SchedulerGuard.isRunning(new SchedulerGuard.State("started", now.minusSeconds(11)), now)).isFalse();
                assertThat(SchedulerGuard.isRunning(new SchedulerGuard.State("stopped", now), now)).isFalse();
            }
        }

        @Test @DisplayName("refuses a folder that is not a backup set")
        void refusesNonSet() {
            assertThatThrownBy(() -> BackupSet.read(dir))
                    .hasMessageContaining(dir + " is not a backup set: it has no manifest.json");
        }
    }

    // ---

    static BackupService service(TestInstallation t) {
        return new BackupService(ConfigLoader.load(t.configFile()), t.programHome(), Programs.system(), Clock.systemUTC());
    }

    static RestoreService restoreService(TestInstallation t) {
        return new RestoreService(ConfigLoader.load(t.configFile()), Programs.system(), Clock.systemUTC());
    }

    static Map<String, Map<String, List<List<String>>>> snapshot(TestInstallation t) {
        return Map.of("appbox", BoxSnapshot.of(t.appboxConnection()), "databox", BoxSnapshot.of(t.databoxConnection()));
    }

    /** Insert {@code n} image records with a caption each into the first collection, with SQL. */
    static void addRecords(Jdbi databox, int n) {
        databox.useTransaction(h -> {
            int coll = h.createQuery("SELECT MIN(coll_id) FROM collections").mapTo(Integer.class).one();
            int field = h.createQuery("SELECT MIN(id) FROM structure_fields").mapTo(Integer.class).one();
            int already = h.createQuery("SELECT COUNT(*) FROM records").mapTo(Integer.class).one();
            for (int i = 0; i < n; i++) {
                Instant at = Instant.parse("2026-01-02T03:04:05.123456Z").plusSeconds(i);
                long id = h.createUpdate("""
                        INSERT INTO records (coll_id, record_type, mime, sha256, uuid, original_name, status, created_at, modified_at)
                        VALUES (:coll, 'image', 'image/jpeg', :sha, :uuid, :name, 0, :at, :at)""")
                        .bind("coll", coll).bind("sha", String.format("%064d", already + i)).bind("uuid", java.util.UUID.randomUUID().toString())
                        .bind("name", "photo-é-" + (already + i) + ".jpg").bind("at", at)
                        .executeAndReturnGeneratedKeys("record_id").mapTo(Long.class).one();
                h.createUpdate("INSERT INTO record_captions (record_id, field_id, caption_value, ord) VALUES (:r, :f, :v, 0)")
                        .bind("r", id).bind("f", field).bind("v", "caption " + (already + i)).execute();
            }
        });
    }
}
