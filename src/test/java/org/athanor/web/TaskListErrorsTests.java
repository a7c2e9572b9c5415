package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.athanor.tasks.RunState;
import org.athanor.tasks.TaskRecord;
import org.athanor.tasks.TaskStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Errors column of the admin task list")
class TaskListErrorsTests {
    private static TaskStatus task(String lastError) {
        return new TaskStatus(new TaskRecord(3, "subdefs", "subdefs", "<tasksettings/>", 10, "started", "started", "host", 1L,
                Instant.now(), Instant.now(), lastError, 0, 1L, 1L), RunState.STARTED, false);
    }

    @Test @DisplayName("shows the last pass's failed items and counts the failed jobs of the task's type")
    void showsFailuresAndFailedJobs() {
        String last = "1 item failed in the last pass; last: record 1/7: failed: record 1/7 has no original document";
        assertThat(TaskManagerHandlers.view(task(last), 2).lastError()).isEqualTo(last + " — 2 failed jobs of this type");
        assertThat(TaskManagerHandlers.view(task(null), 1).lastError()).isEqualTo("1 failed job of this type");
        assertThat(TaskManagerHandlers.view(task(null), 0).lastError()).isEmpty();
    }
}
