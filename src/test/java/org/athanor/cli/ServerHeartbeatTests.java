package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.athanor.Athanor;
import org.athanor.appbox.ProcessRegistry;
import org.athanor.appbox.ProcessRegistry.AliveProcess;
import org.athanor.db.Engine;
import org.athanor.testing.Await;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("server:run records a heartbeat, and system:restore-db refuses while a server runs")
class ServerHeartbeatTests {
    @TempDir Path dir;

    @Test @DisplayName("restore-db is refused while server:run runs, naming it and how to stop it; after a graceful stop it restores")
    void restoreRefusedWhileServerRuns() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            String config = t.configFile().toString();
            CliRun backup = CliRun.console("--config", config, "system:backup-db", dir.resolve("sets").toString());
            assertThat(backup.exitCode()).as(backup.err()).isZero();
            Path set;
            try (Stream<Path> sets = Files.list(dir.resolve("sets"))) {
                set = sets.findFirst().orElseThrow();
            }
            CliContext context = new CliContext();
            context.quiet = true;
            context.configOverride = t.configFile();
            CountDownLatch stop = new CountDownLatch(1);
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                Athanor athanor = context.athanor();
                Future<Integer> server = executor.submit(() -> ServerRunner.run(context, athanor, "127.0.0.1", 0, false, stop));
                waitFor(() -> !athanor.processes().alive().isEmpty());

                List<AliveProcess> alive = athanor.processes().alive();
                long pid = ProcessHandle.current().pid();
                assertThat(alive).singleElement().satisfies(p -> {
                    assertThat(p.kind()).isEqualTo(ProcessRegistry.SERVER);
                    assertThat(p.pid()).isEqualTo(pid);
                    assertThat(p.host()).isEqualTo(ProcessRegistry.hostName());
                    assertThat(p.version()).isEqualTo(org.athanor.core.Version.NUMBER);
                });

                CliRun refused = CliRun.setup("--config", config, "system:restore-db", set.toString(), "--yes");
                assertThat(refused.exitCode()).isEqualTo(3);
                assertThat(refused.err()).contains("Processes of this installation are running: server:run (pid " + pid + " on host "
                        + ProcessRegistry.hostName() + ", Athanor " + org.athanor.core.Version.NUMBER)
                        .contains("stop it with kill -TERM " + pid)
                        .contains("then run system:restore-db again. Nothing was changed.");
                int users = athanor.appbox().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
                assertThat(users).as("the server's appbox still answers").isEqualTo(1);

                stop.countDown();
                assertThat(server.get(60, TimeUnit.SECONDS)).isZero();
                assertThat(athanor.processes().alive()).as("a graceful stop removes the row").isEmpty();
            } finally {
                stop.countDown();
                executor.shutdownNow();
                context.close();
            }
            CliRun restored = CliRun.setup("--config", config, "system:restore-db", set.toString(), "--yes");
            assertThat(restored.exitCode()).as(restored.err()).isZero();
        }
    }

    @Test @DisplayName("a row of another host counts while its heartbeat is fresh; one of this host while its pid runs, unless its heartbeat is an hour old")
    void aliveRules() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir); Athanor a = t.open()) {
            Instant now = Instant.now();
            ProcessRegistry processes = new ProcessRegistry(a.appbox().jdbi(), Clock.systemUTC());
            long deadPid = deadPid();
            insert(a, "fresh-elsewhere", "other-host", 11, now.minusSeconds(5));
            insert(a, "stale-elsewhere", "other-host", 12, now.minusSeconds(31));
            insert(a, "dead-here", ProcessRegistry.hostName(), deadPid, now);
            insert(a, "alive-here", ProcessRegistry.hostName(), ProcessHandle.current().pid(), now.minusSeconds(120));
            insert(a, "pid-reused-here", ProcessRegistry.hostName(), ProcessHandle.current().pid(), now.minusSeconds(3600));

            assertThat(processes.alive()).extracting(AliveProcess::pid).containsExactlyInAnyOrder(11L, ProcessHandle.current().pid());

            a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE scheduler_state SET actual_status = 'started', host = 'other-host', "
                    + "pid = 13, heartbeat = :hb WHERE id = 1").bind("hb", now.minusSeconds(2)).execute());
            assertThat(processes.alive()).as("the scheduler counts, from scheduler_state").extracting(AliveProcess::kind, AliveProcess::pid)
                    .contains(org.assertj.core.groups.Tuple.tuple(ProcessRegistry.SCHEDULER, 13L));
            a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE scheduler_state SET heartbeat = :hb WHERE id = 1")
                    .bind("hb", now.minusSeconds(11)).execute());
            assertThat(processes.alive()).extracting(AliveProcess::kind).doesNotContain(ProcessRegistry.SCHEDULER);
        }
    }

    private static void insert(Athanor a, String id, String host, long pid, Instant heartbeat) {
        a.appbox().jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO process_heartbeats (id, kind, host, pid, version, started_at, heartbeat)
                VALUES (:id, 'server', :host, :pid, '4.0.0', :hb, :hb)""")
                .bind("id", id).bind("host", host).bind("pid", pid).bind("hb", heartbeat).execute());
    }

    /** The pid of a process that ran and ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
        Await.until("the condition", Duration.ofSeconds(30), condition::getAsBoolean);
    }
}
