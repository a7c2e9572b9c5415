package org.athanor.tasks.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.ids.RecordId;
import org.athanor.db.Engine;
import org.athanor.tasks.TaskFixtures;
import org.athanor.tasks.TaskSettings;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The RecordMover and EmptyCollection tasks")
class RecordMoverTaskTypeTests {
    @TempDir Path dir;

    @OnEveryEngine
    @DisplayName("RecordMover moves the records matching collection, status and caption to another collection and sets their status")
    void movesMatchingRecords(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.install(dir)) {
            Athanor a = t.open();
            int test = TaskFixtures.collId(a, "test");
            int archive = a.registry().collection(a.collections().create(TaskFixtures.databox(a), "archive")).collId().value();
            List<RecordId> r = TaskFixtures.insertRecords(a, test, 4, false, false);
            setStatus(a, r.get(0), 0b10000);
            setStatus(a, r.get(1), 0b10000);
            setStatus(a, r.get(2), 0);
            caption(a, r.get(0), "Headline", "publish");
            caption(a, r.get(1), "Headline", "draft");
            String settings = """
                    <tasksettings><tasks>
                      <task active="1" name="publish" action="update" sbas_id="%d">
                        <from><coll compare="=" id="%d"/><status mask="1xxxx"/><text field="Headline" compare="=" value="publish"/></from>
                        <to><coll id="%d"/><status mask="0xxxx"/></to>
                      </task>
                      <task active="0" name="off" action="delete" sbas_id="%d"><from><coll id="%d"/></from></task>
                    </tasks></tasksettings>""".formatted(TaskFixtures.databox(a).value(), test, archive, TaskFixtures.databox(a).value(), test);
            var context = new TaskFixtures.RecordingContext();
            mover(a).create(1, TaskSettings.parse(settings)).runOnce(context);
            assertThat(collOf(a, r.get(0))).isEqualTo(archive);
            assertThat(statusOf(a, r.get(0))).isZero();
            assertThat(collOf(a, r.get(1))).isEqualTo(test);
            assertThat(collOf(a, r.get(2))).isEqualTo(test);
            assertThat(context.lines).containsExactly("rule 'publish': 1 record(s) changed");
            mover(a).create(1, TaskSettings.parse(settings)).runOnce(context);
            assertThat(context.lines).hasSize(1);                       // nothing matches twice
        }
    }

    @OnEveryEngine
    @DisplayName("RecordMover deletes records whose date field has passed; EmptyCollection deletes every record of a collection")
    void deletes(Engine engine, EngineUnderTest on) throws Exception {
        try (TestInstallation t = on.install(dir)) {
            Athanor a = t.open();
            int test = TaskFixtures.collId(a, "test");
            var other = a.registry().collection(a.collections().create(TaskFixtures.databox(a), "to empty"));
            List<RecordId> r = TaskFixtures.insertRecords(a, test, 3, false, false);
            caption(a, r.get(0), "Date", "2001/02/03");
            caption(a, r.get(1), "Date", "2999-01-01");
            String settings = """
                    <tasksettings><tasks><task active="1" name="expired" action="delete" sbas_id="%d">
                      <from><date direction="before" field="Date" delta="30"/></from>
                    </task></tasks></tasksettings>""".formatted(TaskFixtures.databox(a).value());
            mover(a).create(1, TaskSettings.parse(settings)).runOnce(new TaskFixtures.RecordingContext());
            assertThat(exists(a, r.get(0))).isFalse();
            assertThat(exists(a, r.get(1))).isTrue();
            assertThat(exists(a, r.get(2))).isTrue();

            List<RecordId> inOther = TaskFixtures.insertRecords(a, other.collId().value(), 150, false, false);
            var empty = new EmptyCollectionTaskType(a.registry(), a.records());
            empty.create(2, TaskSettings.parse("<tasksettings><base_id>" + other.baseId().value() + "</base_id></tasksettings>"))
                    .runOnce(new TaskFixtures.RecordingContext());
            assertThat(inOther).noneMatch(id -> exists(a, id));
            assertThat(exists(a, r.get(1))).isTrue();
        }
    }

    @Nested @DisplayName("settings")
    class Settings {
        @Test @DisplayName("refuse a rule without sbas_id, an unknown action, a bad mask, and a DOCTYPE")
        void refusals() {
            RecordMoverTaskType type = new RecordMoverTaskType(null, null);
            assertThatThrownBy(() -> type.create(1, TaskSettings.parse("<tasksettings><tasks><task name=\"a\"><from/></task></tasks></tasksettings>")))
                    .isInstanceOf(AthanorException.class).hasMessage("task settings, rule 'a': sbas_id (the databox id) is required. Example: sbas_id=\"1\"");
            assertThatThrownBy(() -> type.create(1, TaskSettings.parse(
                    "<tasksettings><tasks><task name=\"a\" sbas_id=\"1\" action=\"move\"><from/></task></tasks></tasksettings>")))
                    .hasMessageContaining("action 'move' is unknown");
            assertThatThrownBy(() -> StatusMask.parse("x2")).hasMessageContaining("use 0, 1 or x per bit");
            assertThatThrownBy(() -> TaskSettings.parse("<!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><tasksettings>&x;</tasksettings>"))
                    .isInstanceOf(AthanorException.class).hasMessageContaining("DOCTYPE and entities are refused");
            new EmptyCollectionTaskType(null, null);
            assertThatThrownBy(() -> new EmptyCollectionTaskType(null, null).create(1, TaskSettings.parse("<tasksettings/>")))
                    .hasMessageContaining("<base_id> must name the collection to empty");
        }

        @Test @DisplayName("status masks read bit 0 on the right; x leaves a bit alone")
        void masks() {
            StatusMask m = StatusMask.parse("1x0");
            assertThat(m.matches(0b100)).isTrue();
            assertThat(m.matches(0b110)).isTrue();
            assertThat(m.matches(0b101)).isFalse();
            assertThat(m.applyTo(0b011)).isEqualTo(0b110);
            assertThat(RecordMoverTaskType.parseDate("2024:05:06 10:00:00")).isEqualTo(Instant.parse("2024-05-06T00:00:00Z"));
            assertThat(RecordMoverTaskType.parseDate("soon")).isNull();
        }
    }

    // ---

    private static RecordMoverTaskType mover(Athanor a) {
        return new RecordMoverTaskType(a.records(), java.time.Clock.systemUTC());
    }

    private static void setStatus(Athanor a, RecordId r, long status) {
        TaskFixtures.db(a).useHandle(h -> h.createUpdate("UPDATE records SET status = :s WHERE record_id = :id").bind("s", status).bind("id", r.value()).execute());
    }

    private static void caption(Athanor a, RecordId r, String field, String value) {
        TaskFixtures.db(a).useHandle(h -> h.createUpdate("""
                INSERT INTO record_captions (record_id, field_id, caption_value, ord)
                SELECT :id, id, :v, 0 FROM structure_fields WHERE name = :f""").bind("id", r.value()).bind("v", value).bind("f", field).execute());
    }

    private static int collOf(Athanor a, RecordId r) {
        return TaskFixtures.db(a).withHandle(h -> h.createQuery("SELECT coll_id FROM records WHERE record_id = :id").bind("id", r.value()).mapTo(Integer.class).one());
    }

    private static long statusOf(Athanor a, RecordId r) {
        return TaskFixtures.db(a).withHandle(h -> h.createQuery("SELECT status FROM records WHERE record_id = :id").bind("id", r.value()).mapTo(Long.class).one());
    }

    private static boolean exists(Athanor a, RecordId r) {
        return TaskFixtures.db(a).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE record_id = :id").bind("id", r.value()).mapTo(Integer.class).one()) == 1;
    }
}
