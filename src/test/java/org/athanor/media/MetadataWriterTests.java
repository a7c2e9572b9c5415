package org.athanor.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.athanor.Athanor;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.RecordDetails;
import org.athanor.db.Engine;
import org.athanor.ingest.IngestOutcome;
import org.athanor.ingest.IngestRequest;
import org.athanor.testing.TestInstallation;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Writing metadata into the stored original")
class MetadataWriterTests {
    @TempDir Path dir;

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test @DisplayName("keeps the record's sha256 true to the rewritten file, keeps the added file's sha256 as fingerprint, and both still catch duplicates")
    void checksumsStayTrue() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir.resolve("install"))) {
            Athanor athanor = t.open();
            DataboxId databox = new DataboxId(1);
            IngestRequest request = new IngestRequest(new BaseId(1), 0, false, IngestRequest.Force.NONE, null);
            Path source = TestMedia.phraseanet("test001.jpg");
            var added = (IngestOutcome.Added) athanor.ingest().add(source, "test001.jpg", request);

            athanor.metadataWriter().write(databox, added.record());

            RecordDetails r = athanor.recordStore(databox).show(added.record());
            Path stored = Path.of(r.subdefs().stream().filter(s -> s.name().equals("document")).findFirst().orElseThrow().path());
            assertThat(sha256(stored)).isNotEqualTo(sha256(source));
            assertThat(r.sha256()).isEqualTo(sha256(stored));
            assertThat(r.originalSha256()).isEqualTo(sha256(source));
            assertThat(r.subdefs().get(0).size()).isEqualTo(Files.size(stored));

            IngestOutcome again = athanor.ingest().add(source, "again.jpg", request);
            assertThat(again).isInstanceOfSatisfying(IngestOutcome.Quarantined.class, q -> assertThat(q.reasons())
                    .anyMatch(c -> c.endsWith("same sha256 as record " + added.record())));
            Path copy = Files.copy(stored, dir.resolve("rewritten.jpg"));
            IngestOutcome rewritten = athanor.ingest().add(copy, "rewritten.jpg", request);
            assertThat(rewritten).isInstanceOfSatisfying(IngestOutcome.Quarantined.class, q -> assertThat(q.reasons())
                    .anyMatch(c -> c.endsWith("same sha256 as record " + added.record())));
        }
    }
}
