package org.athanor.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.athanor.Athanor;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.config.ConfigWriter;
import org.athanor.programs.Programs;
import org.athanor.setup.upgrade.UpgradeVersionCheck;
import org.athanor.setup.check.CheckLine;
import org.athanor.setup.check.CheckResult;
import org.athanor.setup.check.SystemCheck;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The embedded H2 database is private to the account running Athanor")
class EmbeddedDatabaseSecurityTests {
    @TempDir Path dir;
    private TestInstallation installation;

    @AfterEach void close() {
        if (installation != null) installation.close();
    }

    @Test @DisplayName("install makes the data and db folders 0700, every db file and configuration.yml 0600, and an H2 password")
    void installModes() throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        installation.open();   // the open box has its .lock.db now

        assertThat(mode(installation.dataPath())).isEqualTo("rwx------");
        Path db = installation.dataPath().resolve("db");
        assertThat(mode(db)).isEqualTo("rwx------");
        List<Path> files = list(db);
        assertThat(files).extracting(p -> p.getFileName().toString()).contains(
                installation.request().appboxName() + ".mv.db", installation.request().appboxName() + ".lock.db",
                installation.request().databoxName() + ".mv.db");
        for (Path f : files) assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
        assertThat(mode(installation.configFile())).isEqualTo("rw-------");
        assertThat(ConfigLoader.load(installation.configFile()).main().database().password()).matches("[0-9a-f]{64}");
    }

    @Test @DisplayName("the auto-server refuses a client that has its address and key but not the password")
    void autoServerNeedsPassword() throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        installation.open();
        Path lock = installation.dataPath().resolve("db").resolve(installation.request().appboxName() + ".lock.db");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(lock)) {
            p.load(r);
        }
        // what another local account did: read the server's address and key from the .lock.db, connect as sa
        String url = "jdbc:h2:tcp://" + p.getProperty("server") + "/" + p.getProperty("id");
        String password = ConfigLoader.load(installation.configFile()).main().database().password();

        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD));
        try (Connection c = DriverManager.getConnection(url, "sa", password)) {
            assertThat(c.isValid(2)).as("the same address with the password reaches the database").isTrue();
        }
    }

    @Test @DisplayName("an installation made without a password, with 0755 folders, gets a password and 0700 at the next start and still opens")
    void oldInstallationSecuredAtNextStart() throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        List<BoxConnection> boxes = unsecure();

        AthanorConfig config = EmbeddedDatabaseSecurity.secure(installation.configFile(), ConfigLoader.load(installation.configFile()));

        String password = config.main().database().password();
        assertThat(password).matches("[0-9a-f]{64}");
        assertThat(ConfigLoader.load(installation.configFile()).main().database().password()).isEqualTo(password);
        assertThat(mode(installation.configFile())).isEqualTo("rw-------");
        assertThat(mode(installation.dataPath())).isEqualTo("rwx------");
        assertThat(mode(installation.dataPath().resolve("db"))).isEqualTo("rwx------");
        for (Path f : list(installation.dataPath().resolve("db"))) assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
        for (BoxConnection box : boxes) {
            assertThat(refusesEmptyPassword(box)).as(box.describe()).isTrue();
        }
        assertThat(installation.dataPath().resolve("db").resolve(EmbeddedDatabaseSecurity.PENDING_MARKER)).doesNotExist();
        try (Athanor a = Athanor.open(config)) {
            assertThat(a.databoxes().list()).hasSize(1);
            int collections = a.databoxes().box(a.databoxes().list().get(0).id()).jdbi()
                    .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM collections").mapTo(Integer.class).one());
            assertThat(collections).isEqualTo(1);
        }

        AthanorConfig again = EmbeddedDatabaseSecurity.secure(installation.configFile(), ConfigLoader.load(installation.configFile()));
        assertThat(again.main().database().password()).as("a second start changes nothing").isEqualTo(password);
    }

    @Test @DisplayName("a password change that crashed after writing configuration.yml is finished at the next start")
    void crashAfterConfigWritten() throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        List<BoxConnection> boxes = unsecure();
        // the state a crash leaves between "password written into configuration.yml" and "ALTER USER on every box"
        Path marker = installation.dataPath().resolve("db").resolve(EmbeddedDatabaseSecurity.PENDING_MARKER);
        Files.createFile(marker);
        String written = EmbeddedDatabaseSecurity.newPassword();
        ConfigWriter.setValue(installation.configFile(), EmbeddedDatabaseSecurity.PASSWORD_KEY, written);

        AthanorConfig config = EmbeddedDatabaseSecurity.secure(installation.configFile(), ConfigLoader.load(installation.configFile()));

        assertThat(config.main().database().password()).isEqualTo(written);
        assertThat(marker).doesNotExist();
        for (BoxConnection box : boxes) assertThat(refusesEmptyPassword(box)).as(box.describe()).isTrue();
        try (Athanor a = Athanor.open(config)) {
            assertThat(a.databoxes().box(a.databoxes().list().get(0).id()).name()).isEqualTo(installation.request().databoxName());
        }
    }

    @Test @DisplayName("a password change that crashed before writing configuration.yml starts again and ends")
    void crashBeforeConfigWritten() throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        List<BoxConnection> boxes = unsecure();
        Files.createFile(installation.dataPath().resolve("db").resolve(EmbeddedDatabaseSecurity.PENDING_MARKER));

        AthanorConfig config = EmbeddedDatabaseSecurity.secure(installation.configFile(), ConfigLoader.load(installation.configFile()));

        assertThat(config.main().database().password()).matches("[0-9a-f]{64}");
        for (BoxConnection box : boxes) assertThat(refusesEmptyPassword(box)).isTrue();
        try (Athanor a = Athanor.open(config)) {
            assertThat(a.databoxes().list()).hasSize(1);
        }
    }

    @Test @DisplayName("check:system reports a db folder that others may read (0755) as an error with the chmod to run")
    void checkSystemErrorOn0755() throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        Path db = installation.dataPath().resolve("db");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
        SystemCheck check = new SystemCheck(installation.programHome(), new Programs(List.of()), new UpgradeVersionCheck(installation.programHome()));

        CheckResult result = check.run(installation.configFile());

        CheckLine line = result.line("H2 database access").orElseThrow();
        assertThat(line.status()).isEqualTo(CheckLine.Status.ERROR);
        assertThat(line.message()).isEqualTo("group or others may access " + db + " (rwxr-xr-x)");
        assertThat(line.advice()).startsWith("Run: chmod 700 " + installation.dataPath() + " " + db + " && chmod 600 " + db + "/*");
        assertThat(result.exitCode()).isEqualTo(2);

        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwx------"));
        assertThat(check.run(installation.configFile()).line("H2 database access").orElseThrow().status()).isEqualTo(CheckLine.Status.OK);
    }

    /** Put the installation back in the state of one made before 4.0.0 secured H2: no password, folders and files for all to read. */
    private List<BoxConnection> unsecure() throws Exception {
        String password = ConfigLoader.load(installation.configFile()).main().database().password();
        Path db = installation.dataPath().resolve("db");
        List<BoxConnection> boxes = List.of(BoxConnection.h2(db.resolve(installation.request().appboxName()), password),
                BoxConnection.h2(db.resolve(installation.request().databoxName()), password));
        for (BoxConnection box : boxes) {
            try (Connection c = DriverManager.getConnection(box.jdbcUrl(), "sa", password)) {
                c.createStatement().execute("ALTER USER sa SET PASSWORD ''");
            }
        }
        ConfigWriter.setValue(installation.configFile(), EmbeddedDatabaseSecurity.PASSWORD_KEY, "");
        Files.setPosixFilePermissions(installation.dataPath(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path f : list(db)) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        for (BoxConnection box : boxes) assertThat(refusesEmptyPassword(box)).as("old state: no password").isFalse();
        return boxes;
    }

    private static boolean refusesEmptyPassword(BoxConnection box) throws SQLException {
        try (Connection ignored = DriverManager.getConnection(box.jdbcUrl(), "sa", "")) {
            return false;
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD) return true;
            throw e;
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
