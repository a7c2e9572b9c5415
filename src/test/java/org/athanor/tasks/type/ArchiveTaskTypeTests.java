package org.athanor.tasks.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.ids.BaseId;
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
        new ArchiveTaskType(athanor.registry(), athanor.records(), athanor.ingest())
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

    private org.athanor.tasks.Task task(boolean moveArchived) {
        return new ArchiveTaskType(athanor.registry(), athanor.records(), athanor.ingest())
                .create(1, TaskSettings.parse("<tasksettings><hotfolder>" + hot + "</hotfolder><base_id>" + test.value()
                        + "</base_id><cold>0</cold><move_archived>" + (moveArchived ? 1 : 0) + "</move_archived></tasksettings>"));
    }

    private long records() {
        return TaskFixtures.db(athanor).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE is_story = FALSE")
                .mapTo(Long.class).one());
    }

    @Test @DisplayName("skips a link to a file outside the hot folder: no record of it, the target and the link stay where they are")
    void skipsALinkToAFile() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path secret = Files.writeString(config.resolve("configuration.yml"), "main:\n  key: s3cr3t\n");
        Files.writeString(hot.resolve(".phrasea.xml"), "<record/>");
        Files.createSymbolicLink(hot.resolve("conf.jpg"), secret);
        Files.copy(MEDIA.resolve("test001.jpg"), hot.resolve("test001.jpg"));
        var context = new TaskFixtures.RecordingContext();
        task(false).runOnce(context);
        assertThat(records()).isEqualTo(1);
        long conf = TaskFixtures.db(athanor).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE original_name = 'conf.jpg'")
                .mapTo(Long.class).one());
        assertThat(conf).isZero();
        assertThat(secret).hasContent("main:\n  key: s3cr3t\n");
        assertThat(Files.isSymbolicLink(hot.resolve("conf.jpg"))).isTrue();
        assertThat(context.lines).contains("conf.jpg: symbolic link (-> " + secret + ") skipped: the hot folder takes real files "
                + "and folders only; copy or move the file itself into the hot folder");
    }

    @Test @DisplayName("never archives, moves or deletes the files of a linked folder outside the hot folder (move_archived=0)")
    void leavesALinkedFolderOutsideAlone() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("precious"));
        Files.copy(MEDIA.resolve("p4logo.jpg"), outside.resolve("p4logo.jpg"));
        Files.copy(MEDIA.resolve("iphone_pic.jpg"), outside.resolve("iphone_pic.jpg"));
        Files.writeString(hot.resolve(".phrasea.xml"), "<record/>");
        Files.createSymbolicLink(hot.resolve("linked"), outside);
        Files.copy(MEDIA.resolve("test001.jpg"), hot.resolve("test001.jpg"));
        var context = new TaskFixtures.RecordingContext();
        task(false).runOnce(context);
        assertThat(outside.resolve("p4logo.jpg")).exists();
        assertThat(outside.resolve("iphone_pic.jpg")).exists();
        assertThat(records()).isEqualTo(1);
        assertThat(hot.resolve("test001.jpg")).doesNotExist();   // the real file was archived, then deleted as asked
        assertThat(context.lines).anyMatch(l -> l.startsWith("linked: symbolic link (-> " + outside + ") skipped"));
    }

    @Test @DisplayName("skips a link loop with one warning over several passes, and still takes the other files")
    void skipsALinkLoopWithOneWarning() throws Exception {
        Files.writeString(hot.resolve(".phrasea.xml"), "<record/>");
        Files.createSymbolicLink(hot.resolve("loop"), Path.of("."));
        Path sub = Files.createDirectories(hot.resolve("sub"));
        Files.createSymbolicLink(sub.resolve("up"), Path.of(".."));
        Files.copy(MEDIA.resolve("test001.jpg"), sub.resolve("test001.jpg"));
        var task = task(true);
        var context = new TaskFixtures.RecordingContext();
        task.runOnce(context);
        Files.copy(MEDIA.resolve("p4logo.jpg"), hot.resolve("p4logo.jpg"));
        task.runOnce(context);
        assertThat(records()).isEqualTo(2);
        assertThat(hot.resolve("_archived/sub/test001.jpg")).exists();
        assertThat(hot.resolve("_archived/p4logo.jpg")).exists();
        assertThat(context.lines.stream().filter(l -> l.startsWith("loop: symbolic link (-> .) skipped"))).hasSize(1);
        assertThat(context.lines.stream().filter(l -> l.startsWith("sub/up: symbolic link (-> ..) skipped"))).hasSize(1);
    }

    @Test @DisplayName("refuses to move an archived file through an _archived link leading out of the hot folder")
    void refusesAnArchivedFolderThatIsALink() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(hot.resolve(".phrasea.xml"), "<record/>");
        Files.createSymbolicLink(hot.resolve("_archived"), outside);
        Files.copy(MEDIA.resolve("test001.jpg"), hot.resolve("test001.jpg"));
        assertThatThrownBy(() -> task(true).runOnce(new TaskFixtures.RecordingContext()))
                .hasMessage(hot.toRealPath().resolve("_archived") + " is a symbolic link: test001.jpg was not moved. "
                        + "Replace the link with a real folder (or remove it; the task creates it).");
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
        assertThat(hot.resolve("test001.jpg")).exists();
    }

    @Test @DisplayName("refuses settings without hot folder or collection")
    void settings() {
        var type = new ArchiveTaskType(athanor.registry(), athanor.records(), athanor.ingest());
        assertThatThrownBy(() -> type.create(1, TaskSettings.parse("<tasksettings/>"))).hasMessageContaining("<hotfolder> is required");
        assertThatThrownBy(() -> type.create(1, TaskSettings.parse("<tasksettings><hotfolder>/x</hotfolder></tasksettings>")))
                .hasMessageContaining("<base_id> must name the collection");
    }
}
