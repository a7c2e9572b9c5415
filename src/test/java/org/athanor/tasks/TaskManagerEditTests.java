package org.athanor.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Editing and deleting tasks through the task manager")
class TaskManagerEditTests {
    @TempDir Path dir;

    @Test @DisplayName("settings are validated by the task's type; a task is deleted only when no scheduler runs it")
    void editAndDelete() {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Athanor a = t.open();
            TaskManager tm = a.taskManager();
            int id = tm.create("null", "idle", 10, null);
            tm.update(id, "still idle", 30, "<tasksettings><period>30</period></tasksettings>");
            TaskRecord r = tm.status(id).orElseThrow().task();
            assertThat(r.name()).isEqualTo("still idle");
            assertThat(r.periodSeconds()).isEqualTo(30);
            assertThat(r.settings()).isEqualTo("<tasksettings><period>30</period></tasksettings>");
            assertThatThrownBy(() -> tm.update(id, null, null, "<other/>")).isInstanceOfSatisfying(AthanorException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT)).hasMessageContaining("expected <tasksettings>");
            assertThatThrownBy(() -> tm.update(id, null, 100_000, null)).hasMessageContaining("outside 0..86400");
            assertThatThrownBy(() -> tm.update(999, null, null, null)).isInstanceOfSatisfying(AthanorException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

            a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE tasks SET configured_status = 'started', actual_status = 'started',"
                    + " heartbeat = :now WHERE id = :id").bind("now", java.time.Instant.now()).bind("id", id).execute());
            assertThatThrownBy(() -> tm.delete(id)).isInstanceOfSatisfying(AthanorException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT)).hasMessageContaining("stop it first");
            a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE tasks SET configured_status = 'stopped', actual_status = 'stopped'"
                    + " WHERE id = :id").bind("id", id).execute());
            tm.delete(id);
            assertThat(tm.status(id)).isEmpty();
        }
    }
}
