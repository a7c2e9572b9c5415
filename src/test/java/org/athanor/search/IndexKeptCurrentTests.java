package org.athanor.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.athanor.search.SearchFixture.rec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.athanor.core.Progress;
import org.athanor.ids.RecordId;
import org.athanor.tasks.JobState;
import org.athanor.tasks.Scheduler;
import org.athanor.tasks.SchedulerRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the index kept current: record-changed jobs, online and resumable populate")
class IndexKeptCurrentTests {
    @TempDir Path dir;
    SearchFixture f;

    @AfterEach void close() {
        if (f != null) f.close();
    }

    long count(String query) {
        return f.search().search(query, null, Set.of(), SearchSort.RELEVANCE, 0, 1, false, false).total();
    }

    @Test void anEditedCaptionIsFoundByItsNewWordsWithinTwoSecondsThroughTheScheduler() throws Exception {
        f = new SearchFixture(dir);
        RecordId r = f.add(f.photos, rec().field("Headline", "vieux titre"));
        RecordId gone = f.add(f.photos, rec().field("Headline", "à effacer"));
        f.search().populate(Progress.NONE);
        int task = f.athanor.taskManager().create(SearchIndexTaskType.NAME, null, null, null);
        f.athanor.taskManager().start(task);
        try (Scheduler scheduler = new Scheduler(f.athanor.tasks(), new SchedulerRepository(f.athanor.appbox().jdbi()), f.athanor.jobs(),
                f.athanor.taskTypes(), dir.resolve("logs"), dir.resolve("tmp"), Duration.ofSeconds(10), 3, Duration.ofMillis(50)).start()) {
            Thread.sleep(1500);   // the task runs its first pass and sleeps its period: a change then waits for the next pass
            f.edit(r, "Headline", "nouveau titre");          // through the records service: its record-changed job is queued with the commit
            long committed = System.nanoTime();
            f.delete(gone);
            long seenAfter = -1;
            while (System.nanoTime() - committed < TimeUnit.SECONDS.toNanos(5)) {
                if (count("nouveau") == 1 && count("vieux") == 0 && count("effacer") == 0) {
                    seenAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed);
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(seenAfter).as("milliseconds until the edit and the deletion are searchable").isBetween(0L, 2000L);
            assertThat(f.athanor.jobs().statesOf(SearchIndexTaskType.JOB_TYPE, f.databox, r)).as("its creation, then its edit")
                    .containsExactly(JobState.DONE, JobState.DONE);
        }
    }

    @Test void aStructureChangeReindexesItsDataboxThroughTheQueue() {
        f = new SearchFixture(dir);
        RecordId a = f.add(f.photos, rec().field("Credit", "Agence Nord").bit(SearchFixture.ONLINE));
        f.add(f.photos, rec().field("Credit", "Agence Sud"));
        f.user("bob", f.photos, Set.of("access"), 0, 0);
        f.search().populate(Progress.NONE);
        new SearchIndexTaskType(f::search, f.athanor.jobs(), () -> { }).runOnce(new org.athanor.tasks.TaskFixtures.RecordingContext());   // the creations' jobs
        assertThat(f.search().search("agence", "bob", Set.of(), SearchSort.RELEVANCE, 0, 10, false, false).total()).isEqualTo(2);
        var repo = f.athanor.databoxes().structure(f.databox);
        var s = repo.load();
        var fields = s.fields().stream().map(x -> !x.name().equals("Credit") ? x : new org.athanor.databox.StructureField(x.name(), x.src(),
                x.type(), x.multi(), x.readonly(), x.required(), true, x.indexable(), x.aggregable(), x.thumbtitle(), x.separator(),
                x.tbranch(), x.dcesElement(), x.labels(), x.position())).toList();
        repo.replace(new org.athanor.databox.Structure(fields, s.subdefs(), s.statusBits()));   // Credit becomes a business field
        assertThat(f.athanor.jobs().counts(SearchIndexTaskType.JOB_TYPE)).as("the structure change queued its records' reindex")
                .containsEntry(org.athanor.tasks.JobState.QUEUED, 2L);
        new SearchIndexTaskType(f::search, f.athanor.jobs(), () -> { }).runOnce(new org.athanor.tasks.TaskFixtures.RecordingContext());
        f.search().engine().refresh();
        assertThat(f.search().search("agence", "bob", Set.of(), SearchSort.RELEVANCE, 0, 10, false, false).total())
                .as("bob may not edit photos: business words are not his to search").isZero();
        assertThat(f.search().search("agence", null, Set.of(), SearchSort.RELEVANCE, 0, 10, false, false).total()).isEqualTo(2);
        assertThat(a).isNotNull();
    }

    @Test void aMemberChangeReindexesItsStoriesInPlace() {
        f = new SearchFixture(dir);
        RecordId a = f.add(f.photos, rec().field("Headline", "un"));
        RecordId b = f.add(f.photos, rec().field("Headline", "deux"));
        RecordId story = f.story(f.photos, "album", a);
        f.search().populate(Progress.NONE);
        f.jdbi().useHandle(h -> h.createUpdate("INSERT INTO story_members (story_id, record_id, ord) VALUES (:s, :r, 1)")
                .bind("s", story.value()).bind("r", b.value()).execute());
        f.search().reindex(f.databox, b);
        f.search().engine().refresh();
        var hit = f.search().search("type:story", null, Set.of(), SearchSort.RELEVANCE, 0, 10, false, false).hits();
        assertThat(hit).extracting(h -> h.record().value()).containsExactly(story.value());
        assertThat(f.search().status().documents()).as("the story's document is replaced, not added twice").isEqualTo(3);
    }

    @Test void populateAnswersFromTheOldIndexUntilTheNewOneIsSwappedIn() throws Exception {
        f = new SearchFixture(dir);
        RecordId old = f.add(f.photos, rec().field("Headline", "ancien"));
        f.search().populate(Progress.NONE);
        f.add(f.photos, rec().field("Headline", "nouveau"));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread populate = new Thread(() -> {
            try {
                f.search().populate(new Progress() {
                    @Override public void step(String label) {
                        if (label.startsWith("Swapping")) {
                            inside.countDown();
                            await(release);
                        }
                    }
                    @Override public void advance(long done, long total) {}
                });
            } catch (Throwable t) {
                failed.set(t);
                inside.countDown();
            }
        });
        populate.start();
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(count("ancien")).isEqualTo(1);
        assertThat(count("nouveau")).as("the new record is only in the index being built").isZero();
        f.edit(old, "Headline", "modifié");   // after the build's last pass, before its swap, and no job for it
        release.countDown();
        populate.join(30_000);
        assertThat(failed.get()).isNull();
        assertThat(count("nouveau")).isEqualTo(1);
        f.search().engine().refresh();
        assertThat(count("modifie")).as("a change made just before the swap is caught up after it").isEqualTo(1);
        assertThat(f.search().status().building()).isNull();
    }

    @Test void aWriterBrokenByAnInterruptedThreadIsReplacedAndTheIndexStillCloses() {
        f = new SearchFixture(dir);
        f.add(f.photos, rec().field("Headline", "avant"));
        f.search().populate(Progress.NONE);
        RecordId lost = f.add(f.photos, rec().field("Headline", "interrompu"));
        Thread.currentThread().interrupt();           // as a thread stopped in the middle of the index's file I/O
        try {
            f.search().reindex(f.databox, lost);
            f.search().engine().refresh();            // flushes a segment: the interrupted channel breaks the writer
        } catch (RuntimeException expected) {
            // the writer may refuse at once
        } finally {
            Thread.interrupted();
        }
        RecordId after = f.add(f.photos, rec().field("Headline", "ensuite"));
        f.search().reindex(f.databox, after);
        f.search().reindex(f.databox, lost);          // as the retried job does
        f.search().engine().refresh();
        assertThat(count("ensuite")).isEqualTo(1);
        assertThat(count("interrompu")).isEqualTo(1);
        assertThat(count("avant")).isEqualTo(1);
        f.close();                                    // commits with the new writer; no "unrecoverable error"
        f = null;
    }

    @Test void aKilledPopulateResumesFromItsLastCheckpoint() {
        f = new SearchFixture(dir);
        int n = SearchService.BATCH * 2 + 500;
        List<RecordId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(f.add(f.photos, rec().field("Headline", "photo " + i).field("Keywords", i % 2 == 0 ? "pair" : "impair")));
        List<Long> advances = new ArrayList<>();
        assertThatThrownBy(() -> f.search().populate(new Progress() {
            @Override public void step(String label) {}
            @Override public void advance(long done, long total) {
                advances.add(done);
                if (done >= SearchService.BATCH * 2) throw new IllegalStateException("killed");
            }
        })).hasMessage("killed");
        assertThat(f.search().status().building()).isEqualTo(SearchService.BATCH * 2L);
        assertThat(f.search().status().documents()).as("the live index is still the empty one").isZero();

        List<Long> resumed = new ArrayList<>();
        var report = f.search().populate(new Progress() {
            @Override public void step(String label) {}
            @Override public void advance(long done, long total) { resumed.add(done); }
        });
        assertThat(report.resumed()).isTrue();
        assertThat(report.indexed()).isEqualTo(500);
        assertThat(resumed.get(0)).isEqualTo(SearchService.BATCH * 2L);
        assertThat(f.search().status().documents()).isEqualTo(n);
        assertThat(count("Keywords:pair")).isEqualTo((n + 1) / 2);
        assertThat(f.search().status().building()).isNull();
    }

    @Test void withoutAnIndexJobsAreCompletedAndSearchesSayHowToCreateIt() {
        f = new SearchFixture(dir);
        RecordId r = f.add(f.photos, rec().field("Headline", "x"));
        f.athanor.jobs().enqueue(SearchIndexTaskType.JOB_TYPE, f.databox, r);
        var context = new org.athanor.tasks.TaskFixtures.RecordingContext();
        new SearchIndexTaskType(f::search, f.athanor.jobs(), () -> { }).runOnce(context);
        assertThat(f.athanor.jobs().statesOf(SearchIndexTaskType.JOB_TYPE, f.databox, r)).containsExactly(JobState.DONE);
        assertThatThrownBy(() -> count("x")).hasMessageContaining("Create it with bin/console searchengine:index:create");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
