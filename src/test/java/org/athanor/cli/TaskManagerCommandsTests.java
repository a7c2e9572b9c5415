package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.athanor.Athanor;
import org.athanor.db.Engine;
import org.athanor.tasks.Scheduler;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("task-manager:* commands")
class TaskManagerCommandsTests {
    @TempDir Path dir;

    @Test @DisplayName("create, list, start, stop and state a task with Phraseanet's exit codes; an unknown id exits 20")
    void taskLifecycle() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            String config = t.configFile().toString();
            CliRun created = CliRun.console("--config", config, "task-manager:task:create", "null", "--name", "idle", "--period", "5");
            assertThat(created.exitCode()).as(created.err()).isZero();
            String id = created.out().strip();
            assertThat(CliRun.console("--config", config, "task-manager:task:list").out()).contains("idle").contains("subdefs").contains("write-metadata");
            assertThat(CliRun.console("--config", config, "task-manager:task:state", id).exitCode()).isEqualTo(11);
            assertThat(CliRun.console("--config", config, "task-manager:task:start", id).exitCode()).isZero();
            CliRun toStart = CliRun.console("--config", config, "task-manager:task:state", id, "--short");
            assertThat(toStart.exitCode()).isEqualTo(14);
            assertThat(toStart.out().strip()).isEqualTo("to start");
            assertThat(CliRun.console("--config", config, "task-manager:task:stop", id).exitCode()).isZero();
            assertThat(CliRun.console("--config", config, "task-manager:task:state", id).exitCode()).isEqualTo(11);

            CliRun unknown = CliRun.console("--config", config, "task-manager:task:state", "999");
            assertThat(unknown.exitCode()).isEqualTo(20);
            assertThat(unknown.err()).contains("No task 999. See bin/console task-manager:task:list for the ids.");
            assertThat(CliRun.console("--config", config, "task-manager:task:start", "999").exitCode()).isEqualTo(20);
            assertThat(CliRun.console("--config", config, "task-manager:task:log", "999").exitCode()).isEqualTo(20);

            CliRun badType = CliRun.console("--config", config, "task-manager:task:create", "ftp");
            assertThat(badType.exitCode()).isEqualTo(2);
            assertThat(badType.err()).contains("unknown task type 'ftp'. Known types: null");
            Path settings = Files.writeString(dir.resolve("bad.xml"), "<tasksettings><base_id>x</base_id></tasksettings>");
            CliRun badSettings = CliRun.console("--config", config, "task-manager:task:create", "empty-collection", "--settings", settings.toString());
            assertThat(badSettings.exitCode()).isEqualTo(2);
            assertThat(badSettings.err()).contains("<base_id> must be a whole number, found 'x'");
        }
    }

    @Test @DisplayName("task:list, task:state and system:maintenance print escape sequences, CR and LF of names and messages as visible escapes")
    void controlCharactersArePrintedAsEscapes() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            String config = t.configFile().toString();
            String evil = "evil\u001b]8;;http://x.example/\u0007click\u001b[2J\rFAKE\nlast\u009b";
            CliRun created = CliRun.console("--config", config, "task-manager:task:create", "null", "--name", evil);
            assertThat(created.exitCode()).as(created.err()).isZero();
            String id = created.out().strip();
            String shown = "evil\\u001b]8;;http://x.example/\\u0007click\\u001b[2J\\rFAKE\\nlast\\u009b";
            CliRun list = CliRun.console("--config", config, "task-manager:task:list");
            assertThat(list.out()).contains(shown).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u009b")
                    .doesNotContain("\nlast");
            CliRun state = CliRun.console("--config", config, "task-manager:task:state", id);
            assertThat(state.out()).contains("(null '" + shown + "')").doesNotContain("\u001b");

            CliRun refused = CliRun.console("--config", config, "system:maintenance", "on", "--message", "back soon\u001b[31m\r\nOK");
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("The message contains U+001B at character 10").doesNotContain("\u001b");
            // a message typed into configuration.yml by hand (YAML escapes) is still shown escaped
            Path file = t.configFile();
            Files.writeString(file, Files.readString(file).replace("message: ''", "message: \"back soon\\e[31m\\r\\nOK\""));
            CliRun on = CliRun.console("--config", config, "system:maintenance", "on");
            assertThat(on.exitCode()).as(on.err()).isZero();
            assertThat(on.out()).contains("Maintenance is on.");
            CliRun status = CliRun.console("--config", config, "system:maintenance", "status");
            assertThat(status.out()).contains("message: back soon\\u001b[31m\\r\\nOK").doesNotContain("\u001b");
        }
    }

    @Test @DisplayName("scheduler:state exits 10 while a scheduler runs and 11 once stopped; pause-tasks makes it say paused")
    void schedulerState() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            String config = t.configFile().toString();
            assertThat(CliRun.console("--config", config, "task-manager:scheduler:state").exitCode()).isEqualTo(11);
            Athanor a = t.open();
            Scheduler s = a.scheduler(dir.resolve("logs")).start();
            CliRun running = CliRun.console("--config", config, "task-manager:scheduler:state");
            assertThat(running.exitCode()).isEqualTo(10);
            assertThat(running.out()).startsWith("Scheduler: started (host ");
            assertThat(CliRun.console("--config", config, "task-manager:scheduler:pause-tasks").exitCode()).isZero();
            CliRun paused = CliRun.console("--config", config, "task-manager:scheduler:state", "--short");
            assertThat(paused.exitCode()).isEqualTo(10);
            assertThat(paused.out().strip()).isEqualTo("paused");
            assertThat(CliRun.console("--config", config, "task-manager:scheduler:resume-tasks").exitCode()).isZero();

            Thread stopper = new Thread(() -> {
                try {
                    s.awaitStopRequest();
                    s.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopper.start();
            CliRun stop = CliRun.console("--config", config, "task-manager:scheduler:stop", "--wait", "30");
            assertThat(stop.exitCode()).as(stop.out() + stop.err()).isZero();
            assertThat(stop.out()).contains("Scheduler stopped.");
            stopper.join(Duration.ofSeconds(30).toMillis());
            assertThat(CliRun.console("--config", config, "task-manager:scheduler:state", "--short").out().strip()).isEqualTo("stopped");
            assertThat(CliRun.console("--config", config, "task-manager:scheduler:state").exitCode()).isEqualTo(11);
        }
    }

    @Test @DisplayName("scheduler:run refuses to start when main.task-manager.enabled is false, exit 1")
    void disabled() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Path config = t.configFile();
            Files.writeString(config, Files.readString(config).replace("        enabled: true", "        enabled: false"));
            CliRun run = CliRun.console("--config", config.toString(), "task-manager:scheduler:run");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("main.task-manager.enabled is false in configuration.yml");
        }
    }
}
