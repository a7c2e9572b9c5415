package org.athanor.tasks.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.databox.BaseId;
import org.athanor.db.Engine;
import org.athanor.tasks.TaskFixtures;
import org.athanor.tasks.TaskSettings;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Archive task (hot folder)")
class ArchiveTaskTypeTests {
    private static final Path MEDIA = Path.of("src/test/resources/media/phraseanet");

    @TempDir Path dir;
    private TestInstallation installation;
    private Athanor athanor;
    private Path hot;
    private BaseId test;

    @BeforeEach void install() throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        athanor = installation.open();
        hot = Files.createDirectories(dir.resolve("hot"));
        test = athanor.registry().collections().get(0).baseId();
    }

    @AfterEach void close() {
        installation.close();
    }

    private void pass(TaskFixtures.RecordingContext context) throws Exception {
        new ArchiveTaskType(athanor.registry(), athanor.databoxes(), athanor.ingest())
                .create(1, TaskSettings.parse("<tasksettings><hotfolder>" + hot + "</hotfolder><base_id>" + test.value()
                        + "</base_id><cold>0</cold></tasksettings>"))
                .runOnce(context);
    }

    @Test @DisplayName("turns a file and its caption XML into a record with those caption values, and moves both to _archived")
    void archivesWithCaption() throws Exception {
        Files.writeString(hot.resolve(".phrasea.xml"), "<record/>");
        Files.copy(MEDIA.resolve("extractfile.jpg"), hot.resolve("extractfile.jpg"));
        Files.copy(MEDIA.resolve("extractfile.xml"), hot.resolve("extractfile.xml"));
        var context = new TaskFixtures.RecordingContext();
        pass(context);
        assertThat(context.lines).anyMatch(l -> l.startsWith("extractfile.jpg: record "));
        var db = TaskFixtures.db(athanor);
        long record = db.withHandle(h -> h.createQuery("SELECT record_id FROM records WHERE original_name = 'extractfile.jpg'").mapTo(Long.class).one());
        List<String> headline = db.withHandle(h -> h.createQuery("""
                SELECT c.caption_value FROM record_captions c JOIN structure_fields f ON f.id = c.field_id
                WHERE c.record_id = :r AND f.name = 'Headline'""").bind("r", record).mapTo(String.class).list());
        assertThat(headline).containsExactly("TEST ALCHEMY");
        assertThat(hot.resolve("_archived/extractfile.jpg")).exists();
        assertThat(hot.resolve("_archived/extractfile.xml")).exists();
        assertThat(hot.resolve("extractfile.jpg")).doesNotExist();
        long captionRecords = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE original_name = 'extractfile.xml'")
                .mapTo(Long.class).one());
        assertThat(captionRecords).isZero();
    }

    @Test @DisplayName("takes nothing without .phrasea.xml, leaves locked folders, and makes a story of a grouping folder")
    void rulesOfTheHotFolder() throws Exception {
        Files.copy(MEDIA.resolve("test001.jpg"), hot.resolve("test001.jpg"));
        var context = new TaskFixtures.RecordingContext();
        pass(context);
        assertThat(context.lines).containsExactly("no .phrasea.xml at the root of " + hot + ": nothing taken (add one, e.g. <record/>)");
        assertThat(hot.resolve("test001.jpg")).exists();

        Files.writeString(hot.resolve(".phrasea.xml"), "<record><grouping mask=\"^story_.*$\"/></record>");
        Path locked = Files.createDirectories(hot.resolve("incoming"));
        Files.copy(MEDIA.resolve("p4logo.jpg"), locked.resolve("p4logo.jpg"));
        Files.writeString(locked.resolve(".phrasea.lock"), "");
        Path story = Files.createDirectories(hot.resolve("story_holidays"));
        Files.copy(MEDIA.resolve("iphone_pic.jpg"), story.resolve("iphone_pic.jpg"));
        Files.copy(MEDIA.resolve("extractfile.jpg"), story.resolve("extractfile.jpg"));
        pass(new TaskFixtures.RecordingContext());
        assertThat(locked.resolve("p4logo.jpg")).exists();
        assertThat(hot.resolve("_archived/test001.jpg")).exists();
        assertThat(hot.resolve("_archived/story_holidays/iphone_pic.jpg")).exists();
        var db = TaskFixtures.db(athanor);
        long members = db.withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM story_members m JOIN records s ON s.record_id = m.story_id
                WHERE s.is_story = TRUE AND s.original_name = 'story_holidays'""").mapTo(Long.class).one());
        assertThat(members).isEqualTo(2);

        Files.delete(locked.resolve(".phrasea.lock"));
        pass(new TaskFixtures.RecordingContext());
        assertThat(hot.resolve("_archived/incoming/p4logo.jpg")).exists();
    }

    @Test @DisplayName("refuses settings without hot folder or collection")
    void settings() {
        var type = new ArchiveTaskType(athanor.registry(), athanor.databoxes(), athanor.ingest());
        assertThatThrownBy(() -> type.create(1, TaskSettings.parse("<tasksettings/>"))).hasMessageContaining("<hotfolder> is required");
        assertThatThrownBy(() -> type.create(1, TaskSettings.parse("<tasksettings><hotfolder>/x</hotfolder></tasksettings>")))
                .hasMessageContaining("<base_id> must name the collection");
    }
}
