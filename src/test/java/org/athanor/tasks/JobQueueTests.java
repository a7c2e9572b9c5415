package org.athanor.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.athanor.Athanor;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The job queue")
class JobQueueTests {
    @TempDir Path dir;
    private static final DataboxId DB = new DataboxId(1);

    static List<Engine> engines() {
        return org.athanor.testing.TestDatabases.enabled();
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("queues a record once while a job of the same type is queued, running or failed")
    void queuesARecordOnce(Engine engine) {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            JobQueue jobs = t.open().jobs();
            assertThat(jobs.enqueue(JobQueue.SUBDEFS, DB, new RecordId(1))).isTrue();
            assertThat(jobs.enqueue(JobQueue.SUBDEFS, DB, new RecordId(1))).isFalse();
            assertThat(jobs.enqueue(JobQueue.WRITE_METADATA, DB, new RecordId(1))).isTrue();
            assertThat(jobs.enqueueAll(JobQueue.SUBDEFS, DB, List.of(new RecordId(1), new RecordId(2), new RecordId(2)))).isEqualTo(1);
            Job j = jobs.claim(JobQueue.SUBDEFS, "w1", 1).get(0);
            assertThat(jobs.enqueue(JobQueue.SUBDEFS, DB, j.record())).isFalse();
            assertThat(jobs.fail(j, "w1", "broken file")).isTrue();
            assertThat(jobs.enqueue(JobQueue.SUBDEFS, DB, j.record())).isFalse();
            assertThat(jobs.retryFailed(JobQueue.SUBDEFS)).isEqualTo(1);
            assertThat(jobs.counts(JobQueue.SUBDEFS)).containsEntry(JobState.QUEUED, 2L).containsEntry(JobState.FAILED, 0L);
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("never gives the same job to two workers claiming at the same moment")
    void concurrentClaimsAreDisjoint(Engine engine) throws Exception {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            JobQueue jobs = t.open().jobs();
            List<RecordId> records = new ArrayList<>();
            for (long i = 1; i <= 200; i++) records.add(new RecordId(i));
            jobs.enqueueAll(JobQueue.SUBDEFS, DB, records);
            int workers = 4;
            CyclicBarrier together = new CyclicBarrier(workers);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String owner = "worker-" + w;
                Callable<List<Long>> worker = () -> {
                    together.await(10, TimeUnit.SECONDS);
                    List<Long> mine = new ArrayList<>();
                    for (List<Job> batch = jobs.claim(JobQueue.SUBDEFS, owner, 7); !batch.isEmpty(); batch = jobs.claim(JobQueue.SUBDEFS, owner, 7)) {
                        for (Job j : batch) {
                            mine.add(j.record().value());
                            assertThat(jobs.complete(j, owner)).isTrue();
                        }
                    }
                    return mine;
                };
                results.add(pool.submit(worker));
            }
            Set<Long> seen = new HashSet<>();
            int total = 0;
            for (Future<List<Long>> f : results) {
                List<Long> mine = f.get(60, TimeUnit.SECONDS);
                total += mine.size();
                seen.addAll(mine);
            }
            pool.shutdown();
            assertThat(total).isEqualTo(200);
            assertThat(seen).hasSize(200);
            assertThat(jobs.counts(JobQueue.SUBDEFS)).containsEntry(JobState.DONE, 200L).containsEntry(JobState.QUEUED, 0L);
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("gives a job whose lease expired to the next worker, and refuses the old owner's late completion")
    void expiredLeaseIsClaimedAgain(Engine engine) throws Exception {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            var clock = new SteppingClock(java.time.Instant.parse("2026-11-28T10:00:00Z"));
            JobQueue jobs = new JobQueue(a.appbox().jdbi(), Duration.ofSeconds(60), clock);
            jobs.enqueue(JobQueue.SUBDEFS, DB, new RecordId(7));
            Job first = jobs.claim(JobQueue.SUBDEFS, "crashed-worker", 5).get(0);
            clock.advance(Duration.ofSeconds(59));
            assertThat(jobs.claim(JobQueue.SUBDEFS, "next-worker", 5)).isEmpty();     // the lease still holds
            clock.advance(Duration.ofSeconds(2));
            Job again = jobs.claim(JobQueue.SUBDEFS, "next-worker", 5).get(0);
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(jobs.complete(first, "crashed-worker")).isFalse();
            assertThat(jobs.complete(again, "next-worker")).isTrue();
            assertThat(jobs.statesOf(JobQueue.SUBDEFS, DB, new RecordId(7))).containsExactly(JobState.DONE);
            assertThat(jobs.purgeDone(JobQueue.SUBDEFS)).isZero();                    // done just now: kept
            clock.advance(JobQueue.KEEP_DONE.plusSeconds(1));
            assertThat(jobs.purgeDone(JobQueue.SUBDEFS)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("hands jobs back untouched: one, all of an owner, or those of a dead process")
    void releases(Engine engine) {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            JobQueue jobs = t.open().jobs();
            jobs.enqueueAll(JobQueue.SUBDEFS, DB, List.of(new RecordId(1), new RecordId(2), new RecordId(3), new RecordId(4)));
            Job one = jobs.claim(JobQueue.SUBDEFS, "h1/100/a/task-1", 1).get(0);
            assertThat(jobs.release(one, "h1/100/a/task-1")).isTrue();
            assertThat(jobs.claim(JobQueue.SUBDEFS, "h1/100/a/task-1", 1).get(0).attempts()).isEqualTo(1);
            jobs.claim(JobQueue.SUBDEFS, "h1/100/a/task-1", 1);
            jobs.claim(JobQueue.SUBDEFS, "h2/200/b/task-1", 1);
            jobs.claim(JobQueue.SUBDEFS, "h1/300/c/task-1", 1);
            assertThat(jobs.runningOwners("h1/")).containsExactlyInAnyOrder("h1/100/a/task-1", "h1/300/c/task-1");
            assertThat(jobs.releaseOwnedBy("h1/100/")).isEqualTo(2);
            assertThat(jobs.releaseAll("h1/300/c/task-1")).isEqualTo(1);
            assertThat(jobs.counts(JobQueue.SUBDEFS)).containsEntry(JobState.QUEUED, 3L).containsEntry(JobState.RUNNING, 1L);
        }
    }

    // ---

    /** A clock that stands still until a test moves it. */
    static final class SteppingClock extends java.time.Clock {
        private volatile java.time.Instant now;

        SteppingClock(java.time.Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override public java.time.Instant instant() {
            return now;
        }
    }
}
