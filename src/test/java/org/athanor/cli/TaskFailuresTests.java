package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.ids.RecordId;
import org.athanor.db.Engine;
import org.athanor.tasks.Scheduler;
import org.athanor.tasks.TaskFixtures;
import org.athanor.tasks.TaskRecord;
import org.athanor.tasks.TaskRepository;
import org.athanor.testing.Await;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Failed items of a task")
class TaskFailuresTests {
    @TempDir Path dir;

    @Test @DisplayName("a Subdefs pass whose records fail shows the count and the last error in the task row, task:list and records:show")
    void failuresAreCountedAndShown() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Athanor athanor = t.open();
            athanor.tasks().list().forEach(task -> athanor.taskManager().stop(task.id()));
            // two records marked for subdefs whose original was never stored: every build fails
            List<RecordId> records = TaskFixtures.insertRecords(athanor, TaskFixtures.collId(athanor, "test"), 2, true, false);
            int task = athanor.tasks().create("subdefs of broken records", TaskRepository.SUBDEFS, "<tasksettings/>", 3600, true);
            String lastError;
            try (Scheduler s = TaskFixtures.scheduler(athanor, athanor.taskTypes(), dir, Duration.ofSeconds(10)).start()) {
                Await.until("a first run of task " + task, Duration.ofSeconds(60), () -> athanor.tasks().find(task).map(TaskRecord::lastRun).isPresent());
                lastError = athanor.tasks().find(task).orElseThrow().lastError();
            }
            String record = "record 1/" + records.get(1).value();
            String last = record + ": failed: " + record + " has no original document: nothing to build subdefinitions from";
            assertThat(lastError).isEqualTo("2 items failed in the last pass; last: " + last);
            assertThat(athanor.jobs().failedByType()).containsEntry(TaskRepository.SUBDEFS, 2L);

            String config = t.configFile().toString();
            CliRun list = CliRun.console("--config", config, "task-manager:task:list");
            assertThat(list.out()).containsPattern("subdefs of broken records +subdefs +3600 s +started +to start +\\S+ +2 +2 items failed in the last pass; last: "
                    + java.util.regex.Pattern.quote(last));
            CliRun show = CliRun.console("--config", config, "records:show", "1", String.valueOf(records.get(1).value()));
            assertThat(show.out()).containsPattern("  subdefs job failed after 1 attempt\\(s\\) at \\S+: " + java.util.regex.Pattern.quote(record
                    + " has no original document: nothing to build subdefinitions from"));
        }
    }
}
