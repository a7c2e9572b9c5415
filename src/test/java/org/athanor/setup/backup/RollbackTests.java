package org.athanor.setup.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.config.ConfigLoader;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.db.SchemaMigrator;
import org.athanor.programs.Programs;
import org.athanor.testing.BoxSnapshot;
import org.athanor.testing.OldInstallation;
import org.athanor.testing.OldInstallation.Shape;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Rollback in one command: system:restore-db of the pre-upgrade set, run by the new program")
class RollbackTests {
    @TempDir Path dir;

    static Stream<Arguments> olderShapesOnEngines() {
        List<Arguments> all = new ArrayList<>();
        for (Engine e : TestDatabases.enabled()) Shape.older().forEach(s -> all.add(Arguments.of(s, e)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("olderShapesOnEngines")
    @DisplayName("puts every box back table by table and configuration.yml byte for byte, though the set has older schemas")
    void restoresTheInstallationAsBeforeTheUpgrade(Shape shape, Engine engine) throws Exception {
        try (OldInstallation old = OldInstallation.create(shape, engine, dir, 20)) {
            Map<String, Map<String, List<List<String>>>> before = snapshot(old);
            byte[] configBefore = Files.readAllBytes(old.configFile());
            BackupSet set = new BackupService(old.config(), old.programHome(), Programs.system(), Clock.systemUTC())
                    .backUpAll(null, Compression.GZIP, null, Progress.NONE);
            assertThat(set.isComplete()).isTrue();
            assertThat(set.manifest().boxes()).extracting(Manifest.BoxEntry::schemaVersion).containsExactly(shape.appbox, shape.databox);

            // the upgrade: schemas migrated, the configuration rewritten, data changed by the new program
            old.migrateToCurrent();
            Files.writeString(old.configFile(), "# migrated by the upgrade\n" + Files.readString(old.configFile()));
            old.onDatabox(h -> h.execute("UPDATE record_captions SET caption_value = 'changed after the upgrade' WHERE record_id = 3"));
            assertThat(snapshot(old)).isNotEqualTo(before);

            RestoreService restore = new RestoreService(ConfigLoader.load(old.configFile()), Programs.system(), Clock.systemUTC());
            RestoreService.RestoreReport report = restore.restore(set.dir(), Progress.NONE);

            assertThat(snapshot(old)).isEqualTo(before);
            assertThat(Files.readAllBytes(old.configFile())).isEqualTo(configBefore);
            assertThat(report.boxes()).hasSize(2);
            assertThat(report.notes()).hasSize(2);
            assertThat(report.notes().get(0)).startsWith("configuration.yml put back as in the set; the file it replaced is kept as "
                    + old.configFile() + ".before-restore-");
            Path replaced = Path.of(report.notes().get(0).replaceFirst(".* is kept as ", "").replaceFirst("\\.$", ""));
            assertThat(Files.readString(replaced)).startsWith("# migrated by the upgrade\n");
            assertThat(report.notes().get(1)).startsWith("This set was made by Athanor " + Version.NUMBER + ", with appbox 'appbox' schema "
                            + shape.appbox + " (this program: " + SchemaMigrator.latestVersion(BoxKind.APPBOX) + ")")
                    .endsWith(": the installation is now back to that release, as before the upgrade. Put that release's program folder back "
                            + "(keep this config/), or run bin/setup system:upgrade again with this program (Athanor " + Version.NUMBER + ").");
        }
    }

    @Test @DisplayName("restores a set stamped by an older release (4.0.0-alpha.2) and says so")
    void restoresASetOfAnOlderRelease() throws Exception {
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_2, Engine.H2, dir, 3)) {
            BackupSet set = new BackupService(old.config(), old.programHome(), Programs.system(), Clock.systemUTC())
                    .backUpAll(null, Compression.NONE, null, Progress.NONE);
            Path manifest = set.dir().resolve(BackupSet.MANIFEST);
            ObjectNode json = (ObjectNode) BackupSet.JSON.readTree(manifest.toFile());
            json.put("athanor_version", "4.0.0-alpha.2");
            Files.write(manifest, BackupSet.JSON.writeValueAsBytes(json));

            RestoreService.RestoreReport report = new RestoreService(old.config(), Programs.system(), Clock.systemUTC())
                    .restore(set.dir(), Progress.NONE);

            assertThat(report.notes()).singleElement().asString().startsWith("This set was made by Athanor 4.0.0-alpha.2");
        }
    }

    @Test @DisplayName("refuses a set whose box schema is newer than this program knows, changing nothing")
    void refusesANewerSchema() throws Exception {
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_2, Engine.H2, dir, 3)) {
            BackupSet set = new BackupService(old.config(), old.programHome(), Programs.system(), Clock.systemUTC())
                    .backUpAll(null, Compression.NONE, null, Progress.NONE);
            Path manifest = set.dir().resolve(BackupSet.MANIFEST);
            ObjectNode json = (ObjectNode) BackupSet.JSON.readTree(manifest.toFile());
            ((ObjectNode) ((ArrayNode) json.get("boxes")).get(0)).put("schema_version", "99");
            Files.write(manifest, BackupSet.JSON.writeValueAsBytes(json));
            Map<String, Map<String, List<List<String>>>> before = snapshot(old);

            assertThatThrownBy(() -> new RestoreService(old.config(), Programs.system(), Clock.systemUTC()).restore(set.dir(), Progress.NONE))
                    .isInstanceOf(AthanorException.class)
                    .hasMessage("The backup set " + set.dir() + " was made by Athanor " + Version.NUMBER + "; this program is Athanor "
                            + Version.NUMBER + ", and the set holds appbox 'appbox' at schema 99 (this program knows up to "
                            + SchemaMigrator.latestVersion(BoxKind.APPBOX) + "). Install Athanor "
                            + Version.NUMBER + " (its program folder, with this config/) and run its bin/setup system:restore-db to "
                            + "restore this set. Nothing was changed.")
                    .extracting(e -> ((AthanorException) e).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(snapshot(old)).isEqualTo(before);
        }
    }

    private static Map<String, Map<String, List<List<String>>>> snapshot(OldInstallation old) {
        return Map.of("appbox", BoxSnapshot.of(old.appboxConnection()), "databox", BoxSnapshot.of(old.databoxConnection()));
    }
}
