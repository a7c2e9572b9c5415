package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.athanor.core.Progress;
import org.athanor.config.AthanorConfig;
import org.athanor.db.Engine;
import org.athanor.testing.OldInstallation;
import org.athanor.testing.OldInstallation.Shape;
import org.athanor.testing.OnEveryEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The upgrade proves itself: what it must keep is read before and compared after")
class UpgradeProofTests {
    @TempDir Path dir;

    private Path proofDir() {
        return dir.resolve("data/upgrade/proof-before");
    }

    @OnEveryEngine
    @DisplayName("an alpha.1 installation migrated to the current schemas proves identical, and the proof counts what it read")
    void migratedInstallationProvesIdentical(Engine engine) {
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_1, engine, dir, 25)) {
            AthanorConfig config = old.config();
            assertThat(UpgradeProof.defaultFolder(config)).isEqualTo(proofDir());
            Proof before = UpgradeProof.of(config).record(config, proofDir(), Progress.NONE);

            old.migrateToCurrent();
            ProofComparison c = UpgradeProof.of(config).verify(proofDir(), config, Progress.NONE);

            assertThat(c.differences()).isEmpty();
            assertThat(c.identical()).isTrue();
            assertThat(before.entries("records")).isEqualTo(25);
            assertThat(before.entries("users")).isEqualTo(2);
            assertThat(before.entries("tasks")).isEqualTo(2);
            assertThat(before.entries("pending jobs")).isEqualTo(1);
            String box = "databox '" + old.databoxName() + "' (sbas_id 1)";
            Proof.Part records = before.part(box, "records").orElseThrow();
            assertThat(records.rows()).containsEntry("caption values", 75L).containsEntry("subdef rows", 48L)
                    .containsEntry("subdef files", 48L).containsEntry("story members", 2L).containsEntry("status bits", 25L);
            assertThat(before.schemas()).containsEntry("appbox 'appbox'", "1").containsEntry(box, "1");
            assertThat(c.report()).startsWith("Upgrade proof: every part is identical before and after the upgrade.")
                    .contains(box + " records: 25 before, 25 after, checksum equal");
            assertThat(UpgradeProof.find(proofDir())).hasValue(before);
        }
    }

    @OnEveryEngine
    @DisplayName("a changed caption value, a missing subdefinition file and a deleted right are named by box and key")
    void differencesAreNamed(Engine engine) throws Exception {
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_2, engine, dir, 12)) {
            AthanorConfig config = old.config();
            UpgradeProof proof = UpgradeProof.of(config);
            proof.record(config, proofDir(), Progress.NONE);

            old.onDatabox(h -> h.execute("UPDATE record_captions SET caption_value = 'changed' WHERE record_id = 7 AND ord = 1"));
            Files.delete(old.dataPath().resolve(old.databoxName() + "/subdefs/2026/11/20/00001/4_thumbnail.jpg"));
            old.onAppbox(h -> h.execute("DELETE FROM collection_rights WHERE user_id = (SELECT id FROM users WHERE login = 'editor')"));
            long editor = readEditorId(old);
            old.migrateToCurrent();
            ProofComparison c = proof.verify(proofDir(), config, Progress.NONE);

            String box = "databox '" + old.databoxName() + "' (sbas_id 1)";
            assertThat(c.identical()).isFalse();
            assertThat(c.differences()).extracting(ProofDifference::line).containsExactlyInAnyOrder(
                    "appbox 'appbox' user id " + editor + ": collection rights differ (0 rows now)",
                    box + " record_id 4: subdef files differ (now: document 20 bytes, thumbnail missing)",
                    box + " record_id 7: caption values differ (3 rows now)");
            assertThat(c.total()).isEqualTo(3);
            assertThat(c.report()).startsWith("Upgrade proof: 3 difference(s) between before and after the upgrade.")
                    .contains(box + " records: 12 before, 12 after, checksum differs")
                    .contains("  - " + box + " record_id 7: caption values differ (3 rows now)");
        }
    }

    @OnEveryEngine
    @DisplayName("a record gone and a record come are named; with sha256 file checks a file changed in place is named too")
    void missingRecordsAndChangedFiles(Engine engine) throws Exception {
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_2, engine, dir, 6)) {
            AthanorConfig config = old.config();
            UpgradeProof proof = new UpgradeProof(config.main().storage().data(), config.main().storage().lazaretDir(),
                    UpgradeProof.FileCheck.SHA256, Clock.systemUTC());
            proof.record(config, proofDir(), Progress.NONE);

            old.onDatabox(h -> h.execute("DELETE FROM records WHERE record_id = 5"));
            old.onDatabox(h -> h.execute("INSERT INTO records (record_id, coll_id, record_type, status, created_at, modified_at)"
                    + " VALUES (99, 1, 'image', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
            Path doc = old.documents().get(2);
            Files.writeString(doc, "document of record 3".replace('3', '8'));   // same size, other bytes
            ProofComparison c = proof.verify(proofDir(), config, Progress.NONE);

            String box = "databox '" + old.databoxName() + "' (sbas_id 1)";
            assertThat(c.differences()).extracting(ProofDifference::line).containsExactly(
                    box + " record_id 3: subdef files differ (now: document 20 bytes, thumbnail 21 bytes)",
                    box + " record_id 5: missing after the upgrade",
                    box + " record_id 99: not there before the upgrade");
        }
    }

    @OnEveryEngine
    @DisplayName("a document checksum the upgrade fills where it was empty is no difference; one it changes is")
    void filledChecksumIsNoDifference(Engine engine) {
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_2, engine, dir, 4)) {
            AthanorConfig config = old.config();
            old.onDatabox(h -> h.execute("UPDATE records SET sha256 = NULL WHERE record_id = 1"));
            UpgradeProof proof = UpgradeProof.of(config);
            Proof before = proof.record(config, proofDir(), Progress.NONE);

            old.onDatabox(h -> h.execute("UPDATE records SET sha256 = '" + "f".repeat(64) + "' WHERE record_id IN (1, 2)"));
            ProofComparison c = proof.verify(proofDir(), config, Progress.NONE);

            String box = "databox '" + old.databoxName() + "' (sbas_id 1)";
            assertThat(c.differences()).extracting(ProofDifference::line)
                    .containsExactly(box + " record_id 2: document checksum differ (1 row now)");
            assertThat(before.part(box, "records").orElseThrow().sha256()).isEqualTo(c.after().part(box, "records").orElseThrow().sha256());
        }
    }

    @OnEveryEngine
    @DisplayName("as the engine's hook: taken once before the first change, reused by a rerun, archived once verified")
    void hookOfTheEngine(Engine engine) throws Exception {
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_2, engine, dir, 5)) {
            ProofOfUpgrade hook = new ProofOfUpgrade(UpgradeProof.FileCheck.SIZE, new org.athanor.setup.upgrade.legacy.Phraseanet388Import());
            try (Installation first = Installation.open(old.configFile(), old.programHome())) {
                hook.recordBefore(first);
            }
            Proof taken = UpgradeProof.find(proofDir()).orElseThrow();
            old.onDatabox(h -> h.execute("UPDATE record_captions SET caption_value = 'after the proof' WHERE record_id = 2 AND ord = 1"));
            try (Installation rerun = Installation.open(old.configFile(), old.programHome())) {
                hook.recordBefore(rerun);                                  // a rerun keeps the first proof
                assertThat(UpgradeProof.find(proofDir())).hasValue(taken);
                UpgradeProofHook.Outcome differs = hook.compareAfter(rerun);
                assertThat(differs.equal()).isFalse();
                assertThat(differs.differences()).containsExactly(
                        "databox '" + old.databoxName() + "' (sbas_id 1) record_id 2: caption values differ (3 rows now)");
                assertThat(Files.isDirectory(proofDir())).isTrue();         // kept for the next run
            }
            old.onDatabox(h -> h.execute("UPDATE record_captions SET caption_value = 'kw2' WHERE record_id = 2 AND ord = 1"));
            try (Installation fixed = Installation.open(old.configFile(), old.programHome())) {
                UpgradeProofHook.Outcome equal = hook.compareAfter(fixed);
                assertThat(equal.equal()).isTrue();
                assertThat(equal.report()).startsWith("Upgrade proof: every part is identical");
            }
            assertThat(Files.exists(proofDir())).isFalse();
            try (var archived = Files.list(proofDir().getParent())) {
                assertThat(archived.map(p -> p.getFileName().toString())).singleElement().asString().startsWith("proof-verified-");
            }
        }
    }

    private static long readEditorId(OldInstallation old) {
        long[] id = new long[1];
        old.onAppbox(h -> id[0] = h.createQuery("SELECT id FROM users WHERE login = 'editor'").mapTo(Long.class).one());
        return id[0];
    }
}
