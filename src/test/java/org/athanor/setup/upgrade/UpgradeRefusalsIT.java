package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.athanor.testing.InstallationSnapshot;
import org.athanor.testing.ReleaseInstallation;
import org.athanor.testing.ReleaseInstallation.Cli;
import org.athanor.testing.Releases;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of {@code system:upgrade} happens before any change: the database contents (every table of every
 * box, sessions included), the configuration files of both program folders and the data files stay as they were.
 * One alpha.2 installation on H2 serves every case (a refusal changes nothing, so the cases cannot disturb each
 * other); the Phraseanet case needs MariaDB ({@code ATHANOR_TEST_DATABASES} listing {@code mariadb}).
 */
@DisplayName("bin/setup system:upgrade refuses before any change")
class UpgradeRefusalsIT {
    @TempDir static Path dir;
    static ReleaseInstallation installation;
    static Path next;

    @BeforeAll static void install() {
        installation = ReleaseInstallation.install(Releases.named("4.0.0-alpha.2"), Engine.H2, dir).populate();
        next = installation.newProgram();
        installation.console("task-manager:task:stop", "1");
        installation.console("task-manager:task:stop", "2");
    }

    @AfterAll static void drop() {
        if (installation != null) installation.close();
    }

    @Test @DisplayName("a scheduler of the old release running: refused (exit 5) naming the stop command")
    void schedulerRunning() throws Exception {
        Cli start = installation.console("task-manager:scheduler:start", "--wait", "30");
        try {
            assertThat(start.exitCode()).as(start.toString()).isIn(0, 10);
            Fingerprint before = Fingerprint.of(installation, next);

            Cli refused = upgrade("--disconnect-users");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
            assertThat(refused.err()).contains("scheduler").contains("task-manager:scheduler:stop");
            assertThat(Fingerprint.of(installation, next)).isEqualTo(before);
        } finally {
            stopScheduler();
        }
    }

    /**
     * Stop the old release's scheduler and wait until its process has ended: a stop that only reports "stopping" when
     * its wait ends (a loaded machine) would leave it running into the next case, which then sees it as in use.
     */
    private static void stopScheduler() throws InterruptedException {
        Matcher pid = Pattern.compile("pid (\\d+)").matcher(installation.console("task-manager:scheduler:state").out());
        Cli stop = installation.console("task-manager:scheduler:stop", "--wait", "120");
        if (!pid.find()) return;
        var process = ProcessHandle.of(Long.parseLong(pid.group(1)));
        if (process.isEmpty()) return;
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.get().destroyForcibly();
            throw new AssertionError("the scheduler (pid " + pid.group(1) + ") was still running 60 s after " + stop);
        }
    }

    @Test @DisplayName("a server of the old release running: refused (exit 5) naming it")
    void serverRunning() throws Exception {
        Path log = dir.resolve("server.out");
        ProcessBuilder pb = new ProcessBuilder(installation.program().resolve("bin/console").toString(), "server:run", "--port", "0")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("ATHANOR_CONFIG");
        Process server = pb.start();
        try {
            int port = waitForPort(server, log);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            Fingerprint before = Fingerprint.of(installation, next);

            Cli refused = upgrade("--disconnect-users");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
            assertThat(refused.err()).containsIgnoringCase("server");
            assertThat(Fingerprint.of(installation, next)).isEqualTo(before);
        } finally {
            server.destroy();
            if (!server.waitFor(40, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    @Test @DisplayName("users signed in: refused (exit 5) unless --disconnect-users, which the message names")
    void sessionsActive() {
        Fingerprint before = Fingerprint.of(installation, next);
        assertThat(before.tables().get("appbox sessions")).isNotEmpty();

        Cli refused = upgrade();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(5);
        assertThat(refused.err()).contains("--disconnect-users");
        assertThat(Fingerprint.of(installation, next)).isEqualTo(before);
    }

    @Test @DisplayName("an installation whose version record is newer than the program (downgrade): refused (exit 4) naming the release to install")
    void downgrade() throws Exception {
        try (ReleaseInstallation newer = ReleaseInstallation.installCurrent(Engine.H2, Files.createDirectories(dir.resolve("newer")))) {
            ReleaseInstallation.sql(newer.appboxConnection(), c -> {
                try (var st = c.createStatement()) {
                    assertThat(st.executeUpdate("UPDATE box_releases SET release_version = '4.1.0' WHERE box_kind = 'appbox'")).isEqualTo(1);
                }
            });
            Fingerprint before = Fingerprint.of(newer, newer.program());

            Cli refused = newer.setup(newer.program(), Map.of(), "system:upgrade", "--yes");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
            assertThat(refused.err()).contains("Athanor 4.1.0").containsIgnoringCase("install Athanor 4.1.0 or newer").contains("Nothing was changed.");
            assertThat(Fingerprint.of(newer, newer.program())).isEqualTo(before);
        }
    }

    @Test @DisplayName("a Phraseanet 3.8.7 appbox (sitepreff.version): refused (exit 4), 'upgrade it to Phraseanet 3.8.8 first'")
    void phraseanet387() throws Exception {
        TestDatabases.require(Engine.MARIADB, "a Phraseanet appbox is a MariaDB database: list mariadb in "
                + TestDatabases.ENGINES_VARIABLE);
        BoxConnection appbox = TestDatabases.server(Engine.MARIADB, "ab_ph" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        DatabaseServer.createIfMissing(appbox);
        try {
            ReleaseInstallation.sql(appbox, c -> {
                try (var st = c.createStatement()) {
                    st.executeUpdate("CREATE TABLE sitepreff (id INT NOT NULL PRIMARY KEY, version VARCHAR(16), preferences TEXT)");
                    st.executeUpdate("INSERT INTO sitepreff (id, version, preferences) VALUES (1, '3.8.7', '<?xml version=\"1.0\"?><paramsite/>')");
                    st.executeUpdate("CREATE TABLE sbas (sbas_id INT NOT NULL PRIMARY KEY, ord INT, host VARCHAR(255), port INT, dbname VARCHAR(128), "
                            + "sqlengine VARCHAR(45), user VARCHAR(128), pwd VARCHAR(100), viewname VARCHAR(128), indexable TINYINT)");
                }
            });
            Path program = Releases.copyProgram(Releases.currentProgram(), dir.resolve("phraseanet-upgrade"));
            String config = "main:\n    servername: 'http://local.phrasea/'\n    maintenance: false\n    languages: []\n    key: ''\n"
                    + "    database:\n        host: '" + appbox.host() + "'\n        port: " + appbox.port() + "\n        user: '" + appbox.user()
                    + "'\n        password: '" + appbox.password() + "'\n        dbname: " + appbox.dbname() + "\n        driver: pdo_mysql\n        charset: UTF8\n"
                    + "    task-manager:\n        enabled: true\nbinaries:\n    ghostscript_binary: null\n";
            Path file = program.resolve("config/configuration.yml");
            Files.writeString(file, config);
            Map<String, List<Map<String, String>>> tables = InstallationSnapshot.tables(appbox);
            Map<String, String> files = Fingerprint.files(program.resolve("config"));

            Cli refused = ReleaseInstallation.run(dir, Map.of(), program.resolve("bin/setup").toString(), "system:upgrade", "--yes");

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
            assertThat(refused.err()).contains("Phraseanet 3.8.7").containsIgnoringCase("upgrade it to Phraseanet 3.8.8 first, then run this again");
            assertThat(InstallationSnapshot.tables(appbox)).isEqualTo(tables);
            assertThat(Fingerprint.files(program.resolve("config"))).isEqualTo(files);
        } finally {
            DatabaseServer.drop(appbox);
        }
    }

    private static Cli upgrade(String... more) {
        String[] args = Stream.concat(Stream.of("system:upgrade", "--yes"), Stream.of(more)).toArray(String[]::new);
        return installation.setup(next, Map.of(), args);
    }

    private static int waitForPort(Process server, Path log) throws Exception {
        Pattern port = Pattern.compile("https?://[^:/\\s]+:(\\d+)");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = port.matcher(out);
            if (m.find()) return Integer.parseInt(m.group(1));
            if (!server.isAlive()) throw new AssertionError("server:run ended: " + out);
            Thread.sleep(200);
        }
        throw new AssertionError("server:run printed no address within 60 s: " + Files.readString(log));
    }

    /**
     * Everything a refusal must leave alone: every table of every box (sessions included; the state columns a running
     * scheduler writes — {@code scheduler_state}, the actual state of tasks — left out), and the bytes of every
     * file of both program folders' {@code config/} and of the data folder except the H2 files.
     */
    record Fingerprint(Map<String, List<Map<String, String>>> tables, Map<String, String> files) {
        static Fingerprint of(ReleaseInstallation i, Path newProgram) {
            Map<String, List<Map<String, String>>> tables = new TreeMap<>();
            InstallationSnapshot.Where where = InstallationSnapshot.Where.of(i.configFile());
            Map<String, List<Map<String, String>>> appbox = InstallationSnapshot.tables(where.appbox());
            appbox.forEach((t, rows) -> tables.put("appbox " + t, rows));
            for (Map<String, String> row : appbox.get("databoxes")) {
                InstallationSnapshot.tables(where.databox(row)).forEach((t, rows) -> tables.put("databox " + row.get("name") + " " + t, rows));
            }
            tables.remove("appbox scheduler_state");
            tables.computeIfPresent("appbox tasks", (t, rows) -> rows.stream().map(r -> {
                Map<String, String> kept = new TreeMap<>(r);
                List.of("actual_status", "host", "pid", "heartbeat", "last_run").forEach(kept::remove);
                return (Map<String, String>) kept;
            }).toList());
            Map<String, String> files = new TreeMap<>();
            files(i.program().resolve("config")).forEach((f, h) -> files.put("old " + f, h));
            files(newProgram.resolve("config")).forEach((f, h) -> files.put("new " + f, h));
            files(i.dataPath()).forEach((f, h) -> {
                if (!f.startsWith("db/")) files.put("data " + f, h);
            });
            return new Fingerprint(tables, files);
        }

        static Map<String, String> files(Path root) {
            Map<String, String> out = new TreeMap<>();
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(Files::isRegularFile).forEach(p -> out.put(root.relativize(p).toString(), InstallationSnapshot.sha256(p)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
        }
    }
}
