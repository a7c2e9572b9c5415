package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.core.Progress;
import org.athanor.config.AthanorConfig;
import org.athanor.db.Engine;
import org.athanor.testing.OldInstallation;
import org.athanor.testing.OldInstallation.Shape;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof at scale, run by hand: {@code ./mvnw -q test -Dtest=UpgradeProofScaleTests -Dathanor.proof.records=100000
 * [-Dathanor.proof.engine=postgresql]}. Prints the times of recording and verifying and the size kept on disk.
 */
@DisplayName("The upgrade proof at scale")
@EnabledIfSystemProperty(named = "athanor.proof.records", matches = "\\d+")
class UpgradeProofScaleTests {
    @TempDir Path dir;

    @Test @DisplayName("records and verifies N records in bounded memory, 48 bytes per record on disk")
    void scale() throws Exception {
        int n = Integer.parseInt(System.getProperty("athanor.proof.records"));
        Engine engine = Engine.of(System.getProperty("athanor.proof.engine", "h2"));
        long t0 = System.nanoTime();
        try (OldInstallation old = OldInstallation.create(Shape.ALPHA_2, engine, dir, n)) {
            long made = System.nanoTime();
            AthanorConfig config = old.config();
            Path proofDir = dir.resolve("proof");
            UpgradeProof proof = UpgradeProof.of(config);
            Runtime rt = Runtime.getRuntime();
            rt.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            Proof before = proof.record(config, proofDir, Progress.NONE);
            long recorded = System.nanoTime();
            rt.gc();
            long heapAfter = rt.totalMemory() - rt.freeMemory();     // what the proof keeps once taken: nothing per record
            ProofComparison c = proof.verify(proofDir, config, Progress.NONE);
            long verified = System.nanoTime();

            assertThat(c.identical()).as(c.report()).isTrue();
            assertThat(heapAfter - heapBefore).as("heap kept after recording").isLessThan(64L * 1024 * 1024);
            assertThat(before.entries("records")).isEqualTo(n);
            String box = "databox '" + old.databoxName() + "' (sbas_id 1)";
            Path digests = before.part(box, "records").orElseThrow().entriesPath(proofDir);
            assertThat(Files.size(digests)).isEqualTo(8 + 48L * n);
            System.out.printf("%s, %d records: fixture %.1f s, record %.1f s, verify %.1f s, records digests %d bytes, heap kept %d MiB%n",
                    engine.id(), n, (made - t0) / 1e9, (recorded - made) / 1e9, (verified - recorded) / 1e9, Files.size(digests),
                    (heapAfter - heapBefore) / (1024 * 1024));
        }
    }
}
