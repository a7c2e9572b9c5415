package org.athanor.tasks;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.db.Engine;
import org.athanor.tasks.type.NullTaskType;
import org.athanor.tasks.type.PendingRecordsTaskType;
import org.athanor.tasks.type.RecordWork;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The scheduler")
class SchedulerTests {
    @TempDir Path dir;
    private TestInstallation installation;
    private Athanor athanor;

    private Athanor install(EngineUnderTest on) {
        return open(on.install(dir));
    }

    private Athanor install(Engine engine) {
        return open(TestInstallation.install(engine, dir));
    }

    private Athanor open(TestInstallation installed) {
        installation = installed;
        athanor = installation.open();
        // the installer's Subdefs and WriteMetadata tasks: keep them out of the way, each test creates its own
        athanor.tasks().list().forEach(t -> athanor.taskManager().stop(t.id()));
        return athanor;
    }

    @AfterEach void close() {
        if (installation != null) installation.close();
    }

    private int subdefsTask(int batch) {
        return athanor.tasks().create("subdefs test", TaskRepository.SUBDEFS,
                "<tasksettings><maxrecs>" + batch + "</maxrecs></tasksettings>", 0, true);
    }

    private TaskTypes types(RecordWork work) {
        return new TaskTypes(List.of(new NullTaskType(), PendingRecordsTaskType.subdefs(athanor.databoxes(), athanor.jobs(), work)));
    }

    @OnEveryEngine
    @DisplayName("stopped while a record is in hand, finishes it and loses nothing; restarted, finishes the rest, each record once")
    void stopFinishesTheItemInHandAndRestartFinishesTheRest(EngineUnderTest on) throws Exception {
        install(on);
        List<RecordId> records = TaskFixtures.insertRecords(athanor, TaskFixtures.collId(athanor, "test"), 60, true, false);
        Map<Long, AtomicInteger> processed = new ConcurrentHashMap<>();
        CountDownLatch tenth = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(records.size());
        RecordWork work = (db, r) -> {
            int n = processed.computeIfAbsent(r.value(), k -> new AtomicInteger()).incrementAndGet();
            if (processed.size() == 10) {
                tenth.countDown();
                release.await(10, SECONDS);      // hold the tenth record while the stop is asked
            }
            TaskFixtures.clearSubdefsMark(athanor, db, r);
            if (n == 1) all.countDown();
        };
        int task = subdefsTask(5);
        Scheduler first = TaskFixtures.scheduler(athanor, types(work), dir, Duration.ofSeconds(30)).start();
        assertThat(tenth.await(20, SECONDS)).isTrue();
        Thread stopping = new Thread(first::stop);
        stopping.start();
        awaitState(task, RunState.STOPPING);     // the stop has reached the task while it holds the tenth record
        release.countDown();
        stopping.join(20_000);
        assertThat(stopping.isAlive()).isFalse();
        assertThat(athanor.taskManager().status(task).orElseThrow().state()).isEqualTo(RunState.TO_START);
        assertThat(processed).hasSize(10);
        assertThat(athanor.jobs().counts(JobQueue.SUBDEFS)).containsEntry(JobState.RUNNING, 0L).containsEntry(JobState.DONE, 10L);

        try (Scheduler second = TaskFixtures.scheduler(athanor, types(work), dir, Duration.ofSeconds(30)).start()) {
            assertThat(all.await(60, SECONDS)).isTrue();
        }
        assertThat(processed).hasSize(records.size());
        assertThat(processed.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(TaskFixtures.subdefsPending(athanor)).isZero();
        assertThat(Files.readString(dir.resolve("logs").resolve("task_" + task + ".log"))).contains("stop asked").contains("stopped");
        assertThat(Files.readString(dir.resolve("logs").resolve("scheduler.log"))).contains("scheduler started").contains("scheduler stopped");
    }

    @Nested @DisplayName("on H2")
    class OnH2 {
        @Test @DisplayName("past the stop deadline, hands the record in hand back to the queue untouched")
        void pastTheDeadlineTheItemGoesBack() throws Exception {
            install(Engine.H2);
            TaskFixtures.insertRecords(athanor, TaskFixtures.collId(athanor, "test"), 1, true, false);
            CountDownLatch inHand = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            RecordWork stuck = (db, r) -> {
                inHand.countDown();
                never.await(30, SECONDS);
            };
            subdefsTask(1);
            Scheduler s = TaskFixtures.scheduler(athanor, types(stuck), dir, Duration.ofMillis(200)).start();
            assertThat(inHand.await(20, SECONDS)).isTrue();
            s.stop();
            assertThat(athanor.jobs().counts(JobQueue.SUBDEFS)).containsEntry(JobState.QUEUED, 1L).containsEntry(JobState.RUNNING, 0L);
            assertThat(TaskFixtures.subdefsPending(athanor)).isEqualTo(1);
            never.countDown();
        }

        @Test @DisplayName("refuses a second scheduler on the same machine with the step to take")
        void refusesASecondScheduler() {
            install(Engine.H2);
            try (Scheduler s = TaskFixtures.scheduler(athanor, types((db, r) -> { }), dir, Duration.ofSeconds(1)).start()) {
                assertThatThrownBy(() -> TaskFixtures.scheduler(athanor, types((db, r) -> { }), dir, Duration.ofSeconds(1)).start())
                        .isInstanceOf(AthanorException.class)
                        .hasMessageContaining("A scheduler already runs")
                        .hasMessageContaining("Nothing was started.");
                assertThat(athanor.taskManager().schedulerStatus().state()).isEqualTo(RunState.STARTED);
            }
            assertThat(athanor.taskManager().schedulerStatus().state()).isEqualTo(RunState.STOPPED);
        }

        @Test @DisplayName("paused, finishes the record in hand and idles; resumed, carries on; state commands say paused")
        void pauseAndResume() throws Exception {
            install(Engine.H2);
            TaskFixtures.insertRecords(athanor, TaskFixtures.collId(athanor, "test"), 5, true, false);
            CountDownLatch inHand = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch all = new CountDownLatch(5);
            AtomicInteger done = new AtomicInteger();
            RecordWork work = (db, r) -> {
                inHand.countDown();
                release.await(10, SECONDS);
                TaskFixtures.clearSubdefsMark(athanor, db, r);
                done.incrementAndGet();
                all.countDown();
            };
            int task = subdefsTask(5);
            try (Scheduler s = TaskFixtures.scheduler(athanor, types(work), dir, Duration.ofSeconds(30)).start()) {
                assertThat(inHand.await(20, SECONDS)).isTrue();
                athanor.taskManager().pauseTasks();
                CountDownLatch pausedSeen = new CountDownLatch(1);
                // the scheduler passes the pause to its tasks on its next tick; the task log says when
                Path log = dir.resolve("logs").resolve("task_" + task + ".log");
                for (int i = 0; i < 200 && pausedSeen.getCount() > 0; i++) {
                    if (Files.exists(log) && Files.readString(log).contains("paused")) pausedSeen.countDown();
                    else pausedSeen.await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                assertThat(pausedSeen.getCount()).isZero();
                release.countDown();
                assertThat(athanor.taskManager().status(task).orElseThrow().word()).isEqualTo("paused");
                assertThat(athanor.taskManager().schedulerStatus().word()).isEqualTo("paused");
                assertThat(all.await(1, SECONDS)).isFalse();
                assertThat(done.get()).isEqualTo(1);
                assertThat(athanor.jobs().counts(JobQueue.SUBDEFS)).containsEntry(JobState.RUNNING, 0L);
                athanor.taskManager().resumeTasks();
                assertThat(all.await(20, SECONDS)).isTrue();
            }
        }

        @Test @DisplayName("stops a task whose desired state becomes stopped, and stops itself when asked by scheduler:stop")
        void followsDesiredStates() throws Exception {
            install(Engine.H2);
            int task = athanor.taskManager().create(NullTaskType.NAME, "nothing", 0, null);
            athanor.taskManager().start(task);
            Scheduler s = TaskFixtures.scheduler(athanor, types((db, r) -> { }), dir, Duration.ofSeconds(5)).start();
            awaitState(task, RunState.STARTED);
            athanor.taskManager().stop(task);
            awaitState(task, RunState.STOPPED);
            athanor.taskManager().start(task);
            awaitState(task, RunState.STARTED);
            athanor.taskManager().requestSchedulerStop();
            s.awaitStopRequest();
            s.stop();
            assertThat(athanor.taskManager().schedulerStatus().state()).isEqualTo(RunState.STOPPED);
            assertThat(athanor.taskManager().status(task).orElseThrow().state()).isEqualTo(RunState.TO_START);
        }

        @Test @DisplayName("reports stopped a scheduler of this host whose process is gone, though its heartbeat is fresh")
        void aKilledSchedulerIsStopped() {
            install(Engine.H2);
            athanor.taskManager().wantSchedulerStarted();
            new SchedulerRepository(athanor.appbox().jdbi()).report(Scheduler.hostName(), 999_999_999L, "started", java.time.Instant.now());
            assertThat(athanor.taskManager().schedulerStatus().state()).isEqualTo(RunState.STOPPED);
            new SchedulerRepository(athanor.appbox().jdbi()).report("another-host", 999_999_999L, "started", java.time.Instant.now());
            assertThat(athanor.taskManager().schedulerStatus().state()).isEqualTo(RunState.STARTED);
        }

        @Test @DisplayName("hands back the jobs a killed scheduler of this host left claimed, at once")
        void takesOverTheJobsOfADeadScheduler() throws Exception {
            install(Engine.H2);
            List<RecordId> records = TaskFixtures.insertRecords(athanor, TaskFixtures.collId(athanor, "test"), 3, true, false);
            DataboxId db = TaskFixtures.databox(athanor);
            athanor.jobs().enqueueAll(JobQueue.SUBDEFS, db, records);
            athanor.jobs().claim(JobQueue.SUBDEFS, Scheduler.hostName() + "/999999/dead/task-1", 3);
            CountDownLatch all = new CountDownLatch(3);
            subdefsTask(3);
            try (Scheduler s = TaskFixtures.scheduler(athanor, types((d, r) -> {
                TaskFixtures.clearSubdefsMark(athanor, d, r);
                all.countDown();
            }), dir, Duration.ofSeconds(5)).start()) {
                assertThat(all.await(20, SECONDS)).isTrue();
            }
            assertThat(athanor.jobs().counts(JobQueue.SUBDEFS)).containsEntry(JobState.DONE, 3L);
        }
    }

    private void awaitState(int task, RunState expected) throws InterruptedException {
        // the scheduler reconciles every 50 ms here; poll its report in the appbox, as the state commands do
        for (int i = 0; i < 200; i++) {
            if (athanor.taskManager().status(task).orElseThrow().state() == expected) return;
            new CountDownLatch(1).await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        assertThat(athanor.taskManager().status(task).orElseThrow().state()).isEqualTo(expected);
    }
}
