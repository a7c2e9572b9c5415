package org.athanor.setup.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Version;
import org.athanor.appbox.AppInfo;
import org.athanor.appbox.User;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.ids.BaseId;
import org.athanor.databox.CollectionInfo;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.tasks.TaskRepository;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("system:install")
class InstallServiceTests {
    @TempDir Path dir;

    @OnEveryEngine
    @DisplayName("makes the appbox, the admin, a databox with collection 'test', the default tasks and the configuration")
    void installsEverything(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.install(dir)) {
            AthanorConfig config = ConfigLoader.load(t.configFile());
            assertThat(config.main().storage().data()).isEqualTo(t.dataPath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(t.configFile()))).isEqualTo("rw-------");

            Athanor a = t.open();
            User admin = a.users().require(TestInstallation.ADMIN);
            assertThat(admin.admin()).isTrue();
            assertThat(a.users().authenticate(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD)).isPresent();
            assertThat(a.users().authenticate(TestInstallation.ADMIN, "wrong password")).isEmpty();

            List<CollectionInfo> collections = a.collections().list();
            assertThat(collections).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("test");
                assertThat(c.databoxName()).isEqualTo(t.request().databoxName());
                assertThat(c.records()).isZero();
            });
            BaseId test = collections.get(0).baseId();
            assertThat(a.rights().has(admin.id(), test, "canaddrecord")).isTrue();
            assertThat(a.rights().has(admin.id(), test, "order_master")).isTrue();
            assertThat(a.databoxes().structure(collections.get(0).databox()).load().field("CameraModel")).isPresent();

            assertThat(a.tasks().list()).extracting(TaskRepository.TaskRow::name, TaskRepository.TaskRow::configuredStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Subdefs", "started"),
                            org.assertj.core.groups.Tuple.tuple("WriteMetadata", "started"));
            assertThat(a.info().get(AppInfo.VERSION)).hasValue(Version.NUMBER);
        }
    }

    @OnEveryEngine
    @DisplayName("refuses a second run without --force and changes nothing")
    void refusesExistingInstallation(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.install(dir)) {
            byte[] configBefore = Files.readAllBytes(t.configFile());

            assertThatThrownBy(() -> new InstallService().install(t.request(), org.athanor.core.Progress.NONE))
                    .isInstanceOf(AthanorException.class)
                    .hasMessageContaining(t.configFile() + " is present. Nothing was changed.")
                    .extracting(e -> ((AthanorException) e).code()).isEqualTo(ErrorCode.ALREADY_INSTALLED);

            assertThat(Files.readAllBytes(t.configFile())).isEqualTo(configBefore);
            assertThat(t.open().users().list()).hasSize(1);
        }
    }

    @OnEveryEngine
    @DisplayName("refuses, before any change, a box database that already holds tables")
    void refusesNonEmptyDatabase(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.prepareInstallation(dir)) {
            DatabaseServer.createIfMissing(t.databoxConnection());
            try (Box box = Box.open(BoxKind.DATABOX, "other", t.databoxConnection())) {
                box.jdbi().useHandle(h -> h.execute("CREATE TABLE someone_elses (id INT)"));
            }

            assertThatThrownBy(t::run).isInstanceOf(AthanorException.class)
                    .hasMessageContaining("already holds tables. Nothing was changed.");

            assertThat(t.configFile()).doesNotExist();
            assertThat(DatabaseServer.exists(t.appboxConnection())).isFalse();
            assertThat(DatabaseServer.isEmpty(t.databoxConnection())).isFalse();
        }
    }

    @OnEveryEngine
    @DisplayName("--force replaces an existing installation")
    void forceReplaces(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.install(dir)) {
            try (Athanor a = Athanor.open(ConfigLoader.load(t.configFile()))) {
                a.users().create(new org.athanor.appbox.UserService.NewUser("someone", null, "another secret", false, "fr"));
            }
            InstallRequest r = t.request();
            InstallRequest forced = new InstallRequest(r.adminEmail(), r.adminPassword(), r.driver(), r.dbHost(), r.dbPort(), r.dbUser(),
                    r.dbPassword(), r.appboxName(), r.databoxName(), r.template(), r.dataPath(), r.serverName(), r.httpHost(),
                    r.httpPort(), r.language(), r.configFile(), r.programHome(), true);

            new InstallService().install(forced, org.athanor.core.Progress.NONE);

            try (Athanor a = Athanor.open(ConfigLoader.load(t.configFile()))) {
                assertThat(a.users().list()).extracting(User::login).containsExactly(TestInstallation.ADMIN);
            }
        }
    }

    @Test
    @DisplayName("a failure half-way removes what it had made: no configuration, no database files, no data folders")
    void failureLeavesNothing() throws Exception {
        try (TestInstallation t = TestInstallation.prepare(Engine.H2, dir)) {
            Files.createDirectories(t.dataPath().resolve("db").resolve(t.request().databoxName() + ".mv.db"));   // H2 cannot create its file

            assertThatThrownBy(t::run).isInstanceOf(AthanorException.class);

            assertThat(t.configFile()).doesNotExist();
            assertThat(t.dataPath().resolve("db").resolve(t.request().appboxName() + ".mv.db")).doesNotExist();
            assertThat(t.dataPath().resolve("lazaret")).doesNotExist();
        }
    }

    @Test
    @DisplayName("refuses a data path inside the program folder, saying why and what to choose")
    void refusesDataInsideProgram() {
        Path program = dir.resolve("athanor-4.0.0");
        assertThatThrownBy(() -> new InstallRequest("a@b.org", "long enough", null, null, null, null, null, null, null, null,
                program.resolve("data"), null, null, 8080, null, program.resolve("config/configuration.yml"), program, false))
                .isInstanceOf(AthanorException.class)
                .hasMessage("--data-path " + program.resolve("data") + " is inside the program folder " + program
                        + ": an upgrade replaces that folder and would strand the documents. Choose a folder outside it, e.g. --data-path "
                        + dir.resolve("athanor-data"));
    }
}
