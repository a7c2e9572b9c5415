package org.athanor.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.athanor.Athanor;
import org.athanor.tasks.type.NullTaskType;
import org.athanor.testing.Await;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryServer;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/console task-manager:scheduler:run} of the built program folder as a real process. */
@DisplayName("The scheduler process")
class SchedulerProcessIT {
    @TempDir Path dir;
    private TestInstallation installation;
    private Path console;

    record Result(int exitCode, String out) {}

    // several processes share the installation: H2's embedded files allow one process only
    @OnEveryServer @DisplayName("runs the started tasks, refuses a second scheduler on the machine, and on SIGTERM stops them and exits 0")
    void sigtermStopsGracefully(EngineUnderTest on) throws Exception {
        Path built = Path.of(System.getProperty("athanor.dist", "target/athanor-4.0.0")).toAbsolutePath();
        assertThat(built.resolve("bin/console")).as("run ./mvnw package first").exists();
        installation = on.install(dir);
        for (String part : List.of("bin", "lib")) {
            assertThat(new ProcessBuilder("cp", "-a", built.resolve(part).toString(), installation.programHome().resolve(part).toString())
                    .inheritIO().start().waitFor()).isZero();
        }
        console = installation.programHome().resolve("bin/console");
        Athanor a = installation.open();
        a.tasks().list().forEach(t -> a.taskManager().stop(t.id()));
        int task = a.taskManager().create(NullTaskType.NAME, "idle", 1, null);
        a.taskManager().start(task);

        Process scheduler = new ProcessBuilder(console.toString(), "task-manager:scheduler:run", "--config", installation.configFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.out").toFile()).start();
        Await.until("the scheduler to start task " + task, Duration.ofSeconds(60), () -> run("task-manager:task:state", String.valueOf(task)).exitCode() == 10);
        assertThat(run("task-manager:task:state", String.valueOf(task), "--short")).isEqualTo(new Result(10, "started\n"));
        assertThat(run("task-manager:scheduler:state", "--short")).isEqualTo(new Result(10, "started\n"));

        Result second = run("task-manager:scheduler:run");
        assertThat(second.exitCode()).isEqualTo(3);
        assertThat(second.out()).contains("Another scheduler runs on this machine").contains("Nothing was started.");

        scheduler.destroy();                                          // SIGTERM
        assertThat(scheduler.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("run.out"))).contains("Scheduler stopped.");
        assertThat(run("task-manager:scheduler:state", "--short")).isEqualTo(new Result(11, "stopped\n"));
        assertThat(run("task-manager:task:state", String.valueOf(task)).exitCode()).isEqualTo(14);
        Result log = run("task-manager:task:log", String.valueOf(task));
        assertThat(log.out()).contains("started (null 'idle'").contains("pass: nothing to do").contains("stopped");
        assertThat(run("task-manager:task:state", "999").exitCode()).isEqualTo(20);
    }

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(console.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", installation.configFile().toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
