package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.athanor.db.Engine;
import org.athanor.testing.InstallationSnapshot;
import org.athanor.testing.ReleaseInstallation;
import org.athanor.testing.ReleaseInstallation.Cli;
import org.athanor.testing.Releases;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Installations made by the recorded releases themselves (built from this repository's history), upgraded with the
 * current build on every enabled engine: nothing lost, the new version shown, the pending work finished afterwards.
 * The installation of each (release, engine) is made once and shared by the ordered tests below.
 */
@DisplayName("bin/setup system:upgrade from installations made by earlier releases")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeFromReleasesIT {
    @TempDir static Path dir;
    private static final Map<String, ReleaseInstallation> INSTALLED = new ConcurrentHashMap<>();

    static Stream<Arguments> releasesAndEngines() {
        return Stream.of("4.0.0-alpha.1", "4.0.0-alpha.2")
                .flatMap(v -> TestDatabases.enabled().stream().map(e -> Arguments.of(v, e)));
    }

    static ReleaseInstallation installed(String version, Engine engine) {
        return INSTALLED.computeIfAbsent(version + "-" + engine.id(), k -> {
            try {
                return ReleaseInstallation.install(Releases.named(version), engine, Files.createDirectories(dir.resolve(k))).populate();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterAll static void drop() {
        INSTALLED.values().forEach(ReleaseInstallation::close);
    }

    @Order(1)
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("releasesAndEngines")
    @DisplayName("the release itself installs and fills the installation: records with captions, status and files, done and pending subdefs, users, rights, tasks, a session")
    void installedByTheReleaseItself(String version, Engine engine) {
        ReleaseInstallation i = installed(version, engine);
        InstallationSnapshot s = InstallationSnapshot.of(i.configFile());
        String databox = "databox " + i.databoxName();
        int samples = ReleaseInstallation.DONE_SAMPLES.size() + ReleaseInstallation.PENDING_SAMPLES.size();

        assertThat(s.rows(databox, "records")).isEqualTo(samples);
        assertThat(s.rows(databox, "record_captions")).isGreaterThanOrEqualTo(samples);
        assertThat(s.rows(databox, "collections")).isEqualTo(2);
        assertThat(pending(i)).isEqualTo(ReleaseInstallation.PENDING_SAMPLES.size());
        assertThat(s.rows(databox, "subdefs")).as("originals and the done records' thumbnails")
                .isGreaterThanOrEqualTo(samples + ReleaseInstallation.DONE_SAMPLES.size());
        assertThat(s.files()).hasSize(s.rows(databox, "subdefs")).doesNotContainValue("missing");
        assertThat(s.boxes().get("appbox").get("users")).extracting(r -> r.get("login"))
                .contains(ReleaseInstallation.ADMIN, ReleaseInstallation.USER);
        assertThat(s.rows("appbox", "collection_rights")).isGreaterThanOrEqualTo(3);
        assertThat(s.rows("appbox", "databox_rights")).isGreaterThanOrEqualTo(2);
        assertThat(s.rows("appbox", "tasks")).isGreaterThanOrEqualTo(1);
        assertThat(s.rows("appbox", "jobs")).as("the subdefs jobs done by the release's task").isGreaterThanOrEqualTo(ReleaseInstallation.DONE_SAMPLES.size());
        assertThat(s.rows("appbox", "sessions")).isEqualTo(1);

        assertThat(s.differencesTo(InstallationSnapshot.of(i.configFile()))).as("read twice").isEmpty();
        ReleaseInstallation.sql(i.databoxConnection(), c -> c.createStatement()
                .executeUpdate("UPDATE record_captions SET caption_value = 'changed' WHERE id = (SELECT MIN(id) FROM record_captions)"));
        List<String> changed = s.differencesTo(InstallationSnapshot.of(i.configFile()));
        ReleaseInstallation.sql(i.databoxConnection(), c -> {
            var st = c.prepareStatement("UPDATE record_captions SET caption_value = ? WHERE id = (SELECT MIN(id) FROM record_captions)");
            st.setString(1, s.boxes().get(databox).get("record_captions").get(0).get("caption_value"));
            st.executeUpdate();
        });
        assertThat(changed).singleElement().asString().startsWith(databox + ": record_captions row ").contains(": caption_value was ", ", is changed");
        assertThat(s.differencesTo(InstallationSnapshot.of(i.configFile()))).as("put back").isEmpty();
    }

    @Order(2)
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("releasesAndEngines")
    @DisplayName("the current build upgrades it: every record, caption, status, file, user, right and task kept, the new version shown, sessions closed, a rerun has nothing to do")
    void upgradeKeepsEverything(String version, Engine engine) {
        ReleaseInstallation i = installed(version, engine);
        InstallationSnapshot before = InstallationSnapshot.of(i.configFile());
        Path next = i.newProgram();

        Cli upgrade = i.setup(next, Map.of(), "system:upgrade", "--yes", "--disconnect-users");
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        i.switchTo(next);

        InstallationSnapshot after = InstallationSnapshot.of(i.configFile());
        assertThat(before.differencesTo(after)).as("what the upgrade lost or changed").isEmpty();
        assertThat(after.rows("appbox", "sessions")).as("--disconnect-users").isZero();
        assertThat(after.files()).isEqualTo(before.files());
        String databox = "databox " + i.databoxName();
        for (Map<String, String> document : after.boxes().get(databox).get("subdefs")) {
            if (!document.get("name").equals("document")) continue;
            String sha = after.boxes().get(databox).get("records").stream().filter(r -> r.get("record_id").equals(document.get("record_id")))
                    .findFirst().orElseThrow().get("sha256");
            assertThat(sha).as("records.sha256 of record " + document.get("record_id"))
                    .isEqualTo(after.files().get(i.databoxName() + ":" + document.get("path") + "/" + document.get("file")));
        }

        Cli shown = i.console(next, "--version");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).isEqualTo(currentVersionLine());
        Cli works = i.console(next, "records:show", "1", "1", "--format", "json");
        assertThat(works.exitCode()).as("the console opens the upgraded installation: " + works).isZero();

        Cli again = i.setup(next, Map.of(), "system:upgrade", "--yes");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).containsIgnoringCase("nothing to do");
    }

    @Order(3)
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("releasesAndEngines")
    @DisplayName("after the upgrade the subdefs task of the new program restarts and finishes the work the old release left pending")
    void tasksFinishPendingWork(String version, Engine engine) {
        ReleaseInstallation i = installed(version, engine);
        Path next = i.newProgram();
        i.switchTo(next);
        assertThat(pending(i)).as("pending before the task runs (did the upgrade run?)").isEqualTo(ReleaseInstallation.PENDING_SAMPLES.size());

        i.runSubdefsTask(next);

        assertThat(pending(i)).isZero();
        InstallationSnapshot s = InstallationSnapshot.of(i.configFile());
        String databox = "databox " + i.databoxName();
        for (Map<String, String> record : s.boxes().get(databox).get("records")) {
            assertThat(s.boxes().get(databox).get("subdefs")).as("subdefs of record " + record.get("record_id"))
                    .filteredOn(r -> r.get("record_id").equals(record.get("record_id")) && r.get("name").startsWith("thumbnail")).isNotEmpty();
        }
        assertThat(s.files()).doesNotContainValue("missing");
    }

    static long pending(ReleaseInstallation i) {
        return ReleaseInstallation.count(i.databoxConnection(), "SELECT COUNT(*) FROM records WHERE subdefs_pending = TRUE");
    }

    /** What the current build's {@code bin/console --version} prints outside any installation. */
    static String currentVersionLine() {
        Path program = Releases.currentProgram();
        Cli v = ReleaseInstallation.run(program.getParent(), Map.of(), program.resolve("bin/console").toString(), "--version");
        assertThat(v.exitCode()).as(v.toString()).isZero();
        return v.out();
    }
}
