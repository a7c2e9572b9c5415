package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.athanor.Athanor;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.db.Engine;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("records:add, records:build-subdefs, records:rescan-technical-datas, records:write-metadata")
class RecordsCommandsTests {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    @TempDir Path files;

    static CliRun console(TestInstallation t, String... args) {
        String[] all = Stream.concat(Stream.of("--config", t.configFile().toString()), Stream.of(args)).toArray(String[]::new);
        return CliRun.console(all);
    }

    static JsonNode show(TestInstallation t, long record) throws Exception {
        CliRun show = console(t, "records:show", "1", String.valueOf(record), "--format", "json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        return JSON.readTree(show.out());
    }

    static JsonNode file(JsonNode record, String name) {
        for (JsonNode s : record.get("subdefs")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no subdef " + name + " in " + record.get("subdefs"));
    }

    static long countFiles(Path root) throws Exception {
        if (!Files.isDirectory(root)) return 0;
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @OnEveryEngine
    @DisplayName("add Phraseanet's iPhone picture to en-simple: caption from its metadata, then subdefs with the right size and orientation")
    void addThenBuild(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.install(dir)) {
            CliRun add = console(t, "records:add", "--collection", "1", TestMedia.phraseanet("iphone_pic.jpg").toString());
            assertThat(add.exitCode()).as(add.err() + add.out()).isZero();
            assertThat(add.out()).contains("Summary: 1 added, 0 quarantined, 0 failed");

            JsonNode r = show(t, 1);
            assertThat(r.at("/caption/CameraModel/0").asText()).isEqualTo("iPhone 3GS");
            assertThat(r.at("/caption/Latitude/0").asDouble()).isBetween(48.87, 48.88);
            assertThat(r.at("/caption/Longitude/0").asDouble()).isBetween(2.33, 2.34);
            assertThat(r.at("/caption/FileName/0").asText()).isEqualTo("iphone_pic");
            assertThat(r.get("subdefsPending").asBoolean()).isTrue();
            assertThat(r.get("uuid").asText()).isEqualTo("4d006e01-bc38-4aac-9a5b-2c90ffe3a8a2");
            assertThat(r.at("/technicalData/Width").asText()).isEqualTo("600");
            assertThat(Path.of(file(r, "document").get("path").asText()))
                    .startsWith(t.dataPath()).hasFileName("1_document.jpg").exists();

            CliRun build = console(t, "records:build-subdefs", "--pending");
            assertThat(build.exitCode()).as(build.err() + build.out()).isZero();
            assertThat(build.out()).contains("Summary: 1 records, 4 subdefs built, 0 records with failures");

            r = show(t, 1);
            assertThat(r.get("subdefsPending").asBoolean()).isFalse();
            Path thumbnail = Path.of(file(r, "thumbnail").get("path").asText());
            Path preview = Path.of(file(r, "preview").get("path").asText());
            assertThat(TestMedia.size(thumbnail)).containsExactly(180, 240);
            assertThat(TestMedia.size(preview)).containsExactly(600, 800);
            assertThat(file(r, "thumbnail").get("width").asInt()).isEqualTo(180);
            assertThat(t.dataPath().relativize(thumbnail).toString()).matches("db_t\\w+/subdefs/\\d{4}/\\d{2}/\\d{2}/00001/1_thumbnail.jpg");
        }
    }

    @Test
    @DisplayName("add the same file twice: the second goes to the lazaret (sha256), exit 4 and the summary say so")
    void duplicateToLazaret() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Path iphone = TestMedia.phraseanet("iphone_pic.jpg");
            assertThat(console(t, "records:add", "--collection", "1", iphone.toString()).exitCode()).isZero();

            CliRun again = console(t, "records:add", "--collection", "1", iphone.toString());
            assertThat(again.exitCode()).isEqualTo(4);
            assertThat(again.out()).contains("Summary: 0 added, 1 quarantined, 0 failed")
                    .contains("quarantined  " + iphone + " -> lazaret 1: Checker\\Sha256: same sha256 as record 1");
            Athanor a = t.open();
            assertThat(a.recordStore(new DataboxId(1)).count()).isEqualTo(1);
            assertThat(a.lazaret().list()).singleElement().satisfies(e -> {
                assertThat(e.originalName()).isEqualTo("iphone_pic.jpg");
                assertThat(e.checks()).anyMatch(c -> c.startsWith("Checker\\Sha256"));
                assertThat(Files.mismatch(e.file(), iphone)).isEqualTo(-1L);
            });

            CliRun forced = console(t, "records:add", "--collection", "1", "--force", "record", iphone.toString());
            assertThat(forced.exitCode()).isZero();
            assertThat(a.recordStore(new DataboxId(1)).count()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("add a folder with a truncated image among good ones: good ones added, the bad one reported, exit 5, nothing half-written")
    void folderWithTruncated() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Path folder = Files.createDirectories(files.resolve("shoot"));
            Files.copy(TestMedia.phraseanet("test001.jpg"), folder.resolve("a.jpg"));
            Files.copy(TestMedia.phraseanet("p4logo.jpg"), Files.createDirectories(folder.resolve("sub")).resolve("b.jpg"));
            Path bad = TestMedia.truncatedJpeg(folder, "c-truncated.jpg");
            Files.createFile(folder.resolve("d-empty.jpg"));
            TestMedia.pngHeader(folder, "e-bomb.png", 50_000, 50_000);

            CliRun add = console(t, "records:add", "--collection", "1", folder.toString());
            assertThat(add.exitCode()).isEqualTo(5);
            assertThat(add.out()).contains("Summary: 2 added, 0 quarantined, 3 failed (of 5 files)")
                    .contains("failed       " + bad + ": the JPEG is truncated: it has no end-of-image marker")
                    .contains("d-empty.jpg: the file is empty (0 bytes)")
                    .contains("e-bomb.png: the image declares 50000 x 50000 = 2500000000 pixels, more than the limit of 250000000");
            Athanor a = t.open();
            assertThat(a.recordStore(new DataboxId(1)).count()).isEqualTo(2);
            assertThat(countFiles(t.dataPath().resolve(t.request().databoxName()))).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a failed build keeps the mark and shows the error in records:show; --missing then builds only what lacks")
    void failureKeepsMark() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            assertThat(console(t, "records:add", "--collection", "1", TestMedia.phraseanet("test001.jpg").toString()).exitCode()).isZero();
            Path original = Path.of(file(show(t, 1), "document").get("path").asText());
            Path aside = Files.move(original, files.resolve("aside.jpg"));

            CliRun build = console(t, "records:build-subdefs", "--pending");
            assertThat(build.exitCode()).isEqualTo(4);
            JsonNode r = show(t, 1);
            assertThat(r.get("subdefsPending").asBoolean()).isTrue();
            assertThat(r.get("subdefsError").asText()).contains("is missing");
            assertThat(console(t, "records:show", "1", "1").out()).contains("subdefinitions to make (last error: the original");

            Files.move(aside, original);
            assertThat(console(t, "records:build-subdefs", "--record", "1", "--name", "thumbnail").exitCode()).isZero();
            assertThat(show(t, 1).get("subdefs")).hasSize(2);
            CliRun missing = console(t, "records:build-subdefs", "--missing");
            assertThat(missing.exitCode()).isZero();
            assertThat(missing.out()).contains("3 subdefs built");
            assertThat(show(t, 1).get("subdefsPending").asBoolean()).isFalse();
        }
    }

    @Test
    @DisplayName("write the caption back into the original and the meta=yes subdefs, then clear the mark; rescan the technical data")
    void writeMetadataAndRescan() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Path latin = TestMedia.latin1Iptc(files);
            assertThat(console(t, "records:add", "--collection", "1", "--status", "110000", latin.toString()).exitCode()).isZero();
            JsonNode r = show(t, 1);
            assertThat(r.at("/caption/Caption/0").asText()).isEqualTo("Café à l'été");
            assertThat(r.at("/caption/Keywords")).extracting(JsonNode::asText).containsExactly("crème", "brûlée");
            assertThat(r.at("/caption/Date/0").asText()).isEqualTo("2011/07/14");
            assertThat(r.get("statusBitsOn")).extracting(JsonNode::asInt).containsExactly(4, 5);
            assertThat(r.get("metadataPending").asBoolean()).isTrue();
            assertThat(console(t, "records:build-subdefs").exitCode()).isZero();

            CliRun write = console(t, "records:write-metadata");
            assertThat(write.exitCode()).as(write.err() + write.out()).isZero();
            assertThat(write.out()).contains("record 1/1: document, preview").contains("Summary: 1 records written, 0 failed");
            r = show(t, 1);
            assertThat(r.get("metadataPending").asBoolean()).isFalse();
            Path preview = Path.of(file(r, "preview").get("path").asText());
            Athanor a = t.open();
            var info = a.mediaReader().read(preview, "preview.jpg");
            assertThat(info.tag("IPTC:Caption-Abstract")).containsExactly("Café à l'été");
            assertThat(info.tag("IPTC:Keywords")).containsExactly("crème", "brûlée");
            assertThat(info.uuid()).hasValue(r.get("uuid").asText());
            assertThat(file(r, "preview").get("size").asLong()).isEqualTo(Files.size(preview));

            a.databoxes().box(new DataboxId(1)).jdbi().useHandle(h -> h.execute("DELETE FROM technical_data"));
            CliRun rescan = console(t, "records:rescan-technical-datas");
            assertThat(rescan.exitCode()).isZero();
            assertThat(a.recordStore(new DataboxId(1)).show(new RecordId(1)).technicalData()).containsEntry("Width", "200");
        }
    }

    @Test
    @DisplayName("refuse a bad --status, --force or collection with exit 2")
    void badArguments() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            String f = TestMedia.phraseanet("test001.jpg").toString();
            assertThat(console(t, "records:add", "--collection", "1", "--status", "1", f).err()).contains("status bits 0 to 3 are reserved");
            assertThat(console(t, "records:add", "--collection", "1", "--force", "yes", f).exitCode()).isEqualTo(2);
            assertThat(console(t, "records:add", "--collection", "9", f).exitCode()).isEqualTo(2);
            assertThat(console(t, "records:add", "--collection", "1", files.resolve("nowhere.jpg").toString()).err()).contains("does not exist");
        }
    }

    @Test
    @DisplayName("demo:start adds every image and the PDF of samples/ with their subdefinitions")
    void demoSamples() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Athanor a = t.open();
            List<String> said = new java.util.ArrayList<>();
            int added = DemoStartCommand.addSamples(a, t.result().collection(), TestMedia.PHRASEANET, said::add);
            assertThat(added).isEqualTo(6);
            assertThat(said).contains("  6 records with their subdefinitions.");
            for (long r = 1; r <= 6; r++) {
                var details = a.recordStore(new DataboxId(1)).show(new RecordId(r));
                assertThat(details.subdefsPending()).as("record %d", r).isFalse();
                assertThat(details.subdefs()).extracting(s -> s.name()).contains("document", "thumbnail");
            }
        }
    }
}
