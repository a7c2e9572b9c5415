package org.athanor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.config.BorderManagerConfig;
import org.athanor.config.BorderManagerConfig.Checker;
import org.athanor.config.BorderManagerConfig.CheckerType;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Adding documents")
class IngestServiceTests {
    @TempDir Path dir;
    @TempDir Path files;
    TestInstallation installation;
    Athanor athanor;
    final IngestRequest request = new IngestRequest(new BaseId(1), 0, true, IngestRequest.Force.NONE, null);

    @BeforeEach
    void install() {
        installation = TestInstallation.install(Engine.H2, dir);
        athanor = installation.open();
    }

    @AfterEach
    void close() {
        installation.close();
    }

    long records() {
        return athanor.recordStore(new DataboxId(1)).count();
    }

    IngestService with(BorderManagerConfig border) {
        return new IngestService(athanor.registry(), athanor.databoxes(), athanor.records(), athanor.storage(), athanor.mediaReader(), border,
                athanor.lazaret(), java.time.Clock.systemUTC());
    }

    @Nested
    @DisplayName("hostile input gets a clear error per file and leaves nothing")
    class Hostile {
        @Test
        @DisplayName("file names with a folder path, '..', control characters")
        void names() {
            Path f = TestMedia.phraseanet("test001.jpg");
            IngestService ingest = athanor.ingest();
            assertThat(ingest.add(f, "../../etc/passwd", request)).isInstanceOfSatisfying(IngestOutcome.Failed.class,
                    o -> assertThat(o.reason()).isEqualTo("the file name '../../etc/passwd' holds a folder path; give a plain file name"));
            assertThat(ingest.add(f, "/abs/photo.jpg", request)).isInstanceOf(IngestOutcome.Failed.class);
            assertThat(ingest.add(f, "C:\\\\photo.jpg", request)).isInstanceOf(IngestOutcome.Failed.class);
            assertThat(ingest.add(f, "..", request)).isInstanceOf(IngestOutcome.Failed.class);
            assertThat(ingest.add(f, "evil\nname.jpg", request)).isInstanceOfSatisfying(IngestOutcome.Failed.class,
                    o -> assertThat(o.reason()).isEqualTo("the file name 'evil?name.jpg' holds control characters; rename the file"));
            assertThat(records()).isZero();
        }

        @Test
        @DisplayName("a store that fails midway rolls the record back and removes what was written")
        void failedStore() throws Exception {
            Files.createDirectories(installation.dataPath());
            Files.writeString(installation.dataPath().resolve(installation.request().databoxName()), "a file where a folder should be");
            IngestOutcome o = athanor.ingest().add(TestMedia.phraseanet("test001.jpg"), "test001.jpg", request);
            assertThat(o).isInstanceOfSatisfying(IngestOutcome.Failed.class, f -> assertThat(f.reason()).contains("cannot store 1_document.jpg"));
            assertThat(records()).isZero();
            int captions = athanor.databoxes().box(new DataboxId(1)).jdbi().withHandle(h ->
                    h.createQuery("SELECT COUNT(*) FROM record_captions").mapTo(Integer.class).one());
            assertThat(captions).isZero();
        }
    }

    @Nested
    @DisplayName("border checks from configuration.yml")
    class Border {
        @Test
        @DisplayName("extension, media type and dimension checks send a file to the lazaret with every reason")
        void checks() {
            IngestService ingest = with(new BorderManagerConfig(true, 1_000_000, java.util.Map.of(), List.of(
                    new Checker(CheckerType.EXTENSION, true, List.of("png"), 0, 0, true),
                    new Checker(CheckerType.MEDIATYPE, true, List.of("video"), 0, 0, true),
                    new Checker(CheckerType.DIMENSION, true, List.of(), 1000, 1000, true))));
            IngestOutcome o = ingest.add(TestMedia.phraseanet("test001.jpg"), "test001.jpg", request);
            assertThat(o).isInstanceOfSatisfying(IngestOutcome.Quarantined.class, q -> assertThat(q.reasons()).containsExactly(
                    "Checker\\Extension: extension 'jpg' is not one of [png]",
                    "Checker\\MediaType: image is not one of [video]",
                    "Checker\\Dimension: 300 x 401 is smaller than 1000 x 1000"));
            assertThat(records()).isZero();
            assertThat(athanor.lazaret().list()).hasSize(1);
        }

        @Test
        @DisplayName("a disabled border manager lets duplicates in; --force lazaret quarantines anyway")
        void disabledAndForced() {
            IngestService open = with(new BorderManagerConfig(false, 1_000_000, java.util.Map.of(), BorderManagerConfig.DEFAULT.checkers()));
            Path f = TestMedia.phraseanet("p4logo.jpg");
            assertThat(open.add(f, "p4logo.jpg", request)).isInstanceOf(IngestOutcome.Added.class);
            assertThat(open.add(f, "p4logo.jpg", request)).isInstanceOf(IngestOutcome.Added.class);
            IngestOutcome forced = open.add(f, "p4logo.jpg", new IngestRequest(new BaseId(1), 0, true, IngestRequest.Force.LAZARET, null));
            assertThat(forced).isInstanceOfSatisfying(IngestOutcome.Quarantined.class,
                    q -> assertThat(q.reasons()).containsExactly("sent to the lazaret by --force lazaret"));
            assertThat(records()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("--nosubdefs leaves the record unmarked; a video and a PDF get their type group")
    void typesAndMarks() {
        IngestRequest noSubdefs = new IngestRequest(new BaseId(1), 1L << 4, false, IngestRequest.Force.NONE, null);
        IngestOutcome video = athanor.ingest().add(TestMedia.video(files), "clip.mp4", noSubdefs);
        IngestOutcome pdf = athanor.ingest().add(TestMedia.multiPagePdf(files), "three-pages.pdf", request);
        var reader = athanor.recordStore(new DataboxId(1));
        var v = reader.show(((IngestOutcome.Added) video).record());
        assertThat(v.type()).isEqualTo("video");
        assertThat(v.subdefsPending()).isFalse();
        assertThat(v.statusBitsOn()).containsExactly(4);
        assertThat(v.technicalData()).containsEntry("VideoCodec", "h264");
        var p = reader.show(((IngestOutcome.Added) pdf).record());
        assertThat(p.type()).isEqualTo("document");
        assertThat(p.subdefsPending()).isTrue();
        assertThat(p.technicalData()).containsEntry("PageCount", "3");
        var report = athanor.subdefs().build(new DataboxId(1), ((IngestOutcome.Added) video).record());
        assertThat(report.made()).containsExactlyInAnyOrder("thumbnail", "thumbnailgif", "preview", "preview_webm");
    }

    @Test
    @DisplayName("a truncated PDF is refused at once, with the reason, and leaves no record")
    void truncatedPdfIsRefused() throws Exception {
        byte[] pdf = Files.readAllBytes(TestMedia.phraseanet("HelloWorld.pdf"));
        Path cut = Files.write(files.resolve("cut.pdf"), java.util.Arrays.copyOf(pdf, pdf.length * 2 / 3));
        IngestOutcome o = athanor.ingest().add(cut, "cut.pdf", request);
        assertThat(o).isInstanceOfSatisfying(IngestOutcome.Failed.class, f -> assertThat(f.reason())
                .isEqualTo("the PDF is truncated: it does not end with %%EOF (expected in its last 1024 bytes)"));
        assertThat(records()).isZero();
        assertThat(athanor.ingest().add(TestMedia.phraseanet("HelloWorld.pdf"), "HelloWorld.pdf", request))
                .isInstanceOf(IngestOutcome.Added.class);
    }
}
