package org.athanor.tasks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.athanor.Athanor;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.jdbi.v3.core.Jdbi;

/** Records inserted with SQL, schedulers over test task types, and a task context that records what it is told. */
public final class TaskFixtures {
    private TaskFixtures() {}

    /** The first databox of an installation. */
    public static DataboxId databox(Athanor a) {
        return a.registry().databoxes().get(0).id();
    }

    /** The databox's Jdbi. */
    public static Jdbi db(Athanor a) {
        return a.databoxes().box(databox(a)).jdbi();
    }

    /** The coll_id of the collection named {@code name} in the first databox. */
    public static int collId(Athanor a, String name) {
        return db(a).withHandle(h -> h.createQuery("SELECT coll_id FROM collections WHERE name = :n").bind("n", name).mapTo(Integer.class).one());
    }

    /** Insert {@code n} image records in collection {@code collId}, marked for subdefs and metadata as asked. */
    public static List<RecordId> insertRecords(Athanor a, int collId, int n, boolean subdefsPending, boolean metadataPending) {
        List<RecordId> ids = new ArrayList<>();
        db(a).useTransaction(h -> {
            for (int i = 0; i < n; i++) {
                ids.add(new RecordId(h.createUpdate("""
                        INSERT INTO records (coll_id, record_type, mime, original_name, status, subdefs_pending, metadata_pending,
                                             is_story, created_at, modified_at)
                        VALUES (:coll, 'image', 'image/jpeg', :name, 0, :s, :m, FALSE, :now, :now)""")
                        .bind("coll", collId).bind("name", "img" + i + ".jpg").bind("s", subdefsPending).bind("m", metadataPending)
                        .bind("now", Instant.now()).executeAndReturnGeneratedKeys("record_id").mapTo(Long.class).one()));
            }
        });
        return ids;
    }

    /** Clear the subdefs mark of a record, as the real subdef service does on success. */
    public static void clearSubdefsMark(Athanor a, DataboxId databox, RecordId r) {
        a.databoxes().box(databox).jdbi().useHandle(h -> h.createUpdate("UPDATE records SET subdefs_pending = FALSE WHERE record_id = :id")
                .bind("id", r.value()).execute());
    }

    /** Count the records still marked for subdefs. */
    public static long subdefsPending(Athanor a) {
        return db(a).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE subdefs_pending = TRUE").mapTo(Long.class).one());
    }

    /** A scheduler over {@code types}, ticking every 50 ms, with logs and lock in {@code dir}. */
    public static Scheduler scheduler(Athanor a, TaskTypes types, Path dir, Duration stopDeadline) {
        return new Scheduler(a.tasks(), new SchedulerRepository(a.appbox().jdbi()), a.jobs(), types, dir.resolve("logs"),
                dir.resolve("tmp"), stopDeadline, 3, Duration.ofMillis(50));
    }

    /** A context for running one pass of a task directly, keeping its log lines. */
    public static final class RecordingContext implements TaskContext {
        public final List<String> lines = new CopyOnWriteArrayList<>();
        public volatile boolean stop;

        @Override public boolean stopRequested() {
            return stop;
        }

        @Override public String owner() {
            return "test/1/run/task-0";
        }

        @Override public void log(String line) {
            lines.add(line);
        }

        @Override public void progress(long done, long total) {
            // not recorded
        }
    }
}
