package org.athanor.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.athanor.Athanor;
import org.athanor.ids.BaseId;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.RecordChange;
import org.athanor.ids.RecordId;
import org.athanor.databox.Records;
import org.athanor.db.Engine;
import org.athanor.ingest.IngestOutcome;
import org.athanor.ingest.IngestRequest;
import org.athanor.testing.TestDatabases;
import org.athanor.testing.TestInstallation;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every record change puts exactly one record-changed job in the queue, in the transaction of the change")
class RecordChangedJobsTests {
    @TempDir Path dir;

    static List<Engine> engines() {
        return TestDatabases.enabled();
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("a caption edit, a status change, a move, a story membership and a deletion each queue one job saying what changed")
    void eachChangeQueuesOneJob(Engine engine) {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            DataboxId db = TaskFixtures.databox(a);
            CollId test = new CollId(TaskFixtures.collId(a, "test"));
            CollId archive = a.registry().collection(a.collections().create(db, "archive")).collId();
            List<RecordId> two = TaskFixtures.insertRecords(a, test.value(), 2, false, false);
            RecordId r = two.get(0);
            RecordId member = two.get(1);
            Records records = a.records();

            records.editCaption(db, r, Map.of("Headline", List.of("new title")), null, "test edit");
            assertThat(newJobs(a)).containsExactly(change(db, r, RecordChange.CAPTION));
            assertThat(a.recordStore(db).show(r).caption()).containsEntry("Headline", List.of("new title"));

            records.setStatus(db, r, 0b10000, null, "test status");
            assertThat(newJobs(a)).containsExactly(change(db, r, RecordChange.STATUS));

            records.move(db, r, archive, null, "test move");
            assertThat(newJobs(a)).containsExactly(change(db, r, RecordChange.COLLECTION));

            RecordId story = records.addToStory(db, archive, "holidays", member);
            assertThat(newJobs(a)).containsExactly(change(db, story, RecordChange.CREATED, RecordChange.STORY));
            records.addToStory(db, archive, "holidays", r);
            assertThat(newJobs(a)).containsExactly(change(db, story, RecordChange.STORY));

            records.delete(db, member, null, "test delete");                  // the story loses a member: it changed too
            assertThat(newJobs(a)).containsExactly(change(db, member, RecordChange.DELETED), change(db, story, RecordChange.STORY));
            records.delete(db, story, null, "test delete");                   // its members stay as they are
            assertThat(newJobs(a)).containsExactly(change(db, story, RecordChange.DELETED));
            records.delete(db, r, null, "test delete");
            assertThat(newJobs(a)).containsExactly(change(db, r, RecordChange.DELETED));

            assertThat(a.recordStore(db).count()).isZero();
            RecordId last = TaskFixtures.insertRecords(a, test.value(), 1, false, false).get(0);
            records.move(db, last, test, null, "to where it is");              // no change: no event
            assertThat(newJobs(a)).isEmpty();
            assertThat(records.outboxSize(db)).isZero();
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("an ingest queues one job: the record created with its caption")
    void ingestQueuesOneJob(Engine engine) {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            IngestOutcome o = a.ingest().add(TestMedia.phraseanet("test001.jpg"), "test001.jpg",
                    new IngestRequest(new BaseId(1), 0, true, IngestRequest.Force.NONE, null));
            assertThat(o).isInstanceOf(IngestOutcome.Added.class);
            IngestOutcome.Added added = (IngestOutcome.Added) o;
            assertThat(newJobs(a)).containsExactly(change(added.databox(), added.record(), RecordChange.CREATED, RecordChange.CAPTION));
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("a change whose transaction rolls back leaves neither the change nor an event")
    void rolledBackChangeLeavesNoEvent(Engine engine) throws Exception {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            DataboxId db = TaskFixtures.databox(a);
            CollId test = new CollId(TaskFixtures.collId(a, "test"));
            CollId archive = a.registry().collection(a.collections().create(db, "archive")).collId();
            RecordId r = TaskFixtures.insertRecords(a, test.value(), 1, false, false).get(0);
            a.records().editCaption(db, r, Map.of("Headline", List.of("before")), null, "setup");
            newJobs(a);

            assertThatThrownBy(() -> a.records().changeAll(db, tx -> {
                tx.editCaption(r, Map.of("Headline", List.of("after")), null, "rolled back");
                tx.setStatus(r, 0b10000, null, "rolled back");
                tx.move(r, archive, null, "rolled back");
                tx.addToStory(archive, "never", r);
                tx.delete(r, null, "rolled back");
                throw new IllegalStateException("the caller failed after the change");
            })).hasMessage("the caller failed after the change");

            var shown = a.recordStore(db).show(r);
            assertThat(shown.caption()).containsEntry("Headline", List.of("before"));
            assertThat(shown.status()).isZero();
            assertThat(shown.collId()).isEqualTo(test);
            assertThat(a.recordStore(db).count()).isEqualTo(1);                    // no story either
            assertThat(a.records().outboxSize(db)).isZero();
            assertThat(newJobs(a)).isEmpty();

            // an ingest whose file cannot be stored rolls back after its record row, caption and outbox row were written
            java.nio.file.Files.createDirectories(t.dataPath());
            java.nio.file.Files.writeString(t.dataPath().resolve(t.request().databoxName()), "a file where a folder should be");
            IngestOutcome o = a.ingest().add(TestMedia.phraseanet("test001.jpg"), "test001.jpg",
                    new IngestRequest(new BaseId(1), 0, true, IngestRequest.Force.NONE, null));
            assertThat(o).isInstanceOf(IngestOutcome.Failed.class);
            assertThat(a.recordStore(db).count()).isEqualTo(1);
            assertThat(a.records().outboxSize(db)).isZero();
            assertThat(newJobs(a)).isEmpty();
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("a relay rerun after a crash between queueing the jobs and deleting the outbox rows queues nothing twice")
    void relayIsIdempotent(Engine engine) {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            DataboxId db = TaskFixtures.databox(a);
            RecordId r = TaskFixtures.insertRecords(a, TaskFixtures.collId(a, "test"), 1, false, false).get(0);
            a.records().onChangesCommitted(d -> { });                        // no relay right after commit: the rows wait
            a.records().setStatus(db, r, 1, null, "one");
            a.records().setStatus(db, r, 2, null, "two");
            assertThat(a.records().outboxSize(db)).isEqualTo(2);

            // the crash: the jobs were queued and committed, the databox transaction deleting the rows was lost
            assertThatThrownBy(() -> a.records().drainOutbox(db, 10, rows -> {
                a.jobs().enqueueKeyed(JobQueue.RECORD_CHANGED, RecordChangeRelay.keyed(db, rows));
                throw new IllegalStateException("killed");
            })).hasMessage("killed");
            assertThat(a.records().outboxSize(db)).isEqualTo(2);
            assertThat(a.jobs().counts(JobQueue.RECORD_CHANGED)).containsEntry(JobState.QUEUED, 2L);

            assertThat(a.recordChanges().relayAll()).isZero();                // the rerun finds both keys queued
            assertThat(a.records().outboxSize(db)).isZero();
            List<RecordChanged> jobs = claimAll(a);
            assertThat(jobs).extracting(RecordChanged::changes).containsExactly(Set.of(RecordChange.STATUS), Set.of(RecordChange.STATUS));
            assertThat(jobs.get(0).outboxId()).isLessThan(jobs.get(1).outboxId());
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("a running scheduler relays the changes whose relay after commit did not happen, at its next tick")
    void schedulerRelaysWaitingChanges(Engine engine) throws Exception {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            DataboxId db = TaskFixtures.databox(a);
            RecordId r = TaskFixtures.insertRecords(a, TaskFixtures.collId(a, "test"), 1, false, false).get(0);
            a.records().onChangesCommitted(d -> { });                        // the relay after commit fails to happen
            a.records().setStatus(db, r, 1, null, "one");
            assertThat(a.records().outboxSize(db)).isEqualTo(1);
            assertThat(a.jobs().counts(JobQueue.RECORD_CHANGED)).containsEntry(JobState.QUEUED, 0L);

            try (Scheduler scheduler = TaskFixtures.scheduler(a, new TaskTypes(List.of()), dir, java.time.Duration.ofSeconds(5))
                    .housekeeping(a.recordChanges()::relayAll).start()) {
                org.athanor.testing.Await.until("the scheduler to relay the waiting change", java.time.Duration.ofSeconds(20),
                        () -> a.records().outboxSize(db) == 0);
            }
            assertThat(claimAll(a)).extracting(RecordChanged::record, RecordChanged::changes)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(r, Set.of(RecordChange.STATUS)));
        }
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a record-changed job reads as databox, record, changes and outbox id; other jobs and bad payloads are refused by name")
    void readsAJob() {
        Job job = new Job(5, JobQueue.RECORD_CHANGED, new DataboxId(2), new RecordId(9), 1, "STATUS,COLLECTION@42");
        assertThat(RecordChanged.of(job)).isEqualTo(new RecordChanged(new DataboxId(2), new RecordId(9),
                Set.of(RecordChange.STATUS, RecordChange.COLLECTION), 42));
        assertThat(RecordChanged.of(job).deleted()).isFalse();
        assertThat(RecordChange.format(Set.of(RecordChange.COLLECTION, RecordChange.CREATED))).isEqualTo("CREATED,COLLECTION");
        assertThatThrownBy(() -> RecordChanged.of(new Job(6, JobQueue.SUBDEFS, new DataboxId(2), new RecordId(9), 1, null)))
                .hasMessage("job 6 is a 'subdefs' job, not a 'record-changed' job");
        assertThatThrownBy(() -> RecordChange.parse("CAPTION,RENAMED"))
                .hasMessage("'RENAMED' is not a record change; expected one of [CREATED, CAPTION, STATUS, COLLECTION, STORY, DELETED]");
    }

    // ---

    /** What one record-changed job says, its outbox id aside. */
    record Seen(DataboxId databox, RecordId record, Set<RecordChange> changes) {}

    /** Claim and complete every queued record-changed job, oldest first, and return what they say. */
    private static List<Seen> newJobs(Athanor a) {
        return claimAll(a).stream().map(c -> new Seen(c.databox(), c.record(), c.changes())).toList();
    }

    private static List<RecordChanged> claimAll(Athanor a) {
        List<Job> claimed = a.jobs().claim(JobQueue.RECORD_CHANGED, "test-consumer", 1000);
        claimed.forEach(j -> a.jobs().complete(j, "test-consumer"));
        return claimed.stream().map(RecordChanged::of).toList();
    }

    private static Seen change(DataboxId db, RecordId r, RecordChange... what) {
        return new Seen(db, r, Set.of(what));
    }
}
