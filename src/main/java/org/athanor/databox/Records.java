package org.athanor.databox;

import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.jdbi.v3.core.Handle;

/**
 * The one write path for records of every databox: creation (ingest), caption edits, status changes, moves between
 * collections, story membership, deletion, and the bookkeeping of their files, marks, technical data and log.
 *
 * <p><b>Record changed events.</b> Each record a transaction creates, edits, moves, re-statuses, deletes or (for a
 * story) re-members gets exactly one row in the databox's outbox table {@code record_changes}, written in that
 * transaction just before it commits: a rolled-back change leaves neither the change nor the event. The row names
 * what changed as a set of {@link RecordChange}s ({@code CREATED,CAPTION} for an ingest that mapped a caption).
 * {@code org.athanor.tasks.RecordChangeRelay} moves the rows to the appbox job queue. Bookkeeping that changes no
 * searchable data (subdefinition files, the "subdefs to make" / "metadata to write" marks, checksums after a metadata
 * write, technical data rescans, the log) emits no event.
 *
 * <p>Files of records are reached only through {@link RecordFiles} (the document storage): a deletion removes its
 * files after its transaction committed, so a crash leaves at worst files without a record, never a record without
 * its files.
 */
public final class Records {
    /** The table of the outbox of record changes in each databox. */
    public static final String OUTBOX = "record_changes";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Records.class);

    private final Databoxes databoxes;
    private final RecordFiles files;
    private final Clock clock;
    private volatile Consumer<DataboxId> committed = databox -> { };

    public Records(Databoxes databoxes, RecordFiles files, Clock clock) {
        this.databoxes = databoxes;
        this.files = files;
        this.clock = clock;
    }

    /**
     * Call {@code listener} with the databox after each transaction that wrote outbox rows committed (the wiring
     * relays them to the job queue at once). A listener that fails is logged and ignored: the rows stay in the outbox
     * for the next relay, and the change stands.
     */
    public void onChangesCommitted(Consumer<DataboxId> listener) {
        this.committed = java.util.Objects.requireNonNull(listener);
    }

    /** Return the reader of one databox's records. */
    public RecordStore store(DataboxId databox) {
        return new RecordStore(databox, databoxes.box(databox).jdbi(), files);
    }

    /**
     * Run {@code work} in one transaction of the databox and return its result. The outbox rows of the records it
     * changed are written at its end, in the same transaction; files of records it deleted are removed once it
     * committed. When {@code work} throws, everything is rolled back and nothing is removed.
     */
    public <T> T change(DataboxId databox, Function<Change, T> work) {
        List<String[]> toRemove = new ArrayList<>();
        boolean[] events = {false};
        T result = databoxes.box(databox).jdbi().inTransaction(h -> {
            Change c = new Change(databox, h, clock.instant());
            T r = work.apply(c);
            events[0] = c.writeOutbox();
            toRemove.addAll(c.filesToRemove);
            return r;
        });
        if (events[0]) {
            try {
                committed.accept(databox);
            } catch (RuntimeException e) {
                LOG.warn("record changes of databox {} committed but not relayed yet (the next relay moves them): {}", databox, e.toString());
            }
        }
        removeFiles(databox, toRemove);
        return result;
    }

    /** Run {@code work} in one transaction of the databox, as {@link #change(DataboxId, Function)}. */
    public void changeAll(DataboxId databox, Consumer<Change> work) {
        change(databox, c -> {
            work.accept(c);
            return null;
        });
    }

    private void removeFiles(DataboxId databox, List<String[]> paths) {
        for (String[] p : paths) {
            try {
                files.deleteFile(p[1], p[2]);
            } catch (RuntimeException e) {
                throw new AthanorException(ErrorCode.IO, "record " + databox + "/" + p[0] + " was deleted but its file "
                        + files.locate(p[1], p[2]) + " could not be removed: " + e.getMessage() + ". Remove it by hand.", e);
            }
        }
    }

    // --- one change, one transaction

    /** Replace the values of the named fields, as {@link Change#editCaption}, in a transaction of its own. */
    public int editCaption(DataboxId databox, RecordId record, Map<String, List<String>> values, Long userId, String details) {
        return change(databox, c -> c.editCaption(record, values, userId, details));
    }

    /** Set the status bits, as {@link Change#setStatus}, in a transaction of its own. */
    public boolean setStatus(DataboxId databox, RecordId record, long status, Long userId, String details) {
        return change(databox, c -> c.setStatus(record, status, userId, details));
    }

    /** Move a record to another collection, as {@link Change#move}, in a transaction of its own. */
    public boolean move(DataboxId databox, RecordId record, CollId to, Long userId, String details) {
        return change(databox, c -> c.move(record, to, userId, details));
    }

    /** Delete a record, as {@link Change#delete}, in a transaction of its own; its files go once it committed. */
    public boolean delete(DataboxId databox, RecordId record, Long userId, String details) {
        return change(databox, c -> c.delete(record, userId, details));
    }

    /** Add a record to a story, as {@link Change#addToStory}, in a transaction of its own. */
    public RecordId addToStory(DataboxId databox, CollId coll, String title, RecordId member) {
        return change(databox, c -> c.addToStory(coll, title, member));
    }

    // --- bookkeeping: no event

    /** Insert or replace the row of one file of a record ({@code document} or a subdef). */
    public void putFile(DataboxId databox, RecordId record, RecordStore.FileRow f, String etag) {
        changeAll(databox, c -> c.putFile(record, f, etag));
    }

    /**
     * Record the new size and etag of a file whose content changed in place (metadata written); for the original
     * ({@code document}), also its new checksum, the one it had when added staying in {@code original_sha256}.
     */
    public void fileRewritten(DataboxId databox, RecordId record, String name, long size, String md5, String sha256) {
        changeAll(databox, c -> {
            Handle h = c.handle;
            if (name.equals("document")) {
                h.createUpdate("UPDATE records SET sha256 = :sha, modified_at = :now WHERE record_id = :id")
                        .bind("sha", sha256).bind("now", c.now).bind("id", record.value()).execute();
            }
            h.createUpdate("UPDATE subdefs SET size = :size, etag = :etag WHERE record_id = :id AND name = :name")
                    .bind("size", size).bind("etag", md5).bind("id", record.value()).bind("name", name).execute();
        });
    }

    /** Clear the "metadata to write" mark of a record whose caption was written to {@code written} files, and log it. */
    public void metadataWritten(DataboxId databox, RecordId record, List<String> written) {
        changeAll(databox, c -> {
            c.handle.createUpdate("UPDATE records SET metadata_pending = FALSE, modified_at = :now WHERE record_id = :id")
                    .bind("now", c.now).bind("id", record.value()).execute();
            c.log(record, null, "write-metadata", "files " + written);
        });
    }

    /** Clear the "subdefs to make" mark and the last error. */
    public void subdefsDone(DataboxId databox, RecordId record) {
        changeAll(databox, c -> c.handle.createUpdate(
                        "UPDATE records SET subdefs_pending = FALSE, subdefs_error = NULL, modified_at = :now WHERE record_id = :id")
                .bind("now", c.now).bind("id", record.value()).execute());
    }

    /** Keep the "subdefs to make" mark as it is and record why the last build failed. */
    public void subdefsFailed(DataboxId databox, RecordId record, String error) {
        changeAll(databox, c -> c.handle.createUpdate("UPDATE records SET subdefs_error = :e, modified_at = :now WHERE record_id = :id")
                .bind("e", error).bind("now", c.now).bind("id", record.value()).execute());
    }

    /** Replace the technical data of a record read again from its original, with the original's size and dimensions. */
    public void technicalRescanned(DataboxId databox, RecordId record, Map<String, String> technical, Integer width, Integer height, long size) {
        changeAll(databox, c -> {
            c.putTechnical(record, technical);
            c.handle.createUpdate("UPDATE subdefs SET width = :w, height = :h, size = :s WHERE record_id = :id AND name = 'document'")
                    .bindByType("w", width, Integer.class).bindByType("h", height, Integer.class)
                    .bind("s", size).bind("id", record.value()).execute();
            c.log(record, null, "rescan-technical-data", null);
        });
    }

    /**
     * The changes of one transaction of one databox. Each method changing what a record shows (creation, caption,
     * status, collection, story members, deletion) notes the record; at the end of the transaction each noted record
     * gets one outbox row listing what changed.
     */
    public final class Change {
        private final DataboxId databox;
        private final Handle handle;
        private final Instant now;
        private final Map<Long, Set<RecordChange>> changed = new LinkedHashMap<>();
        private final List<String[]> filesToRemove = new ArrayList<>();

        private Change(DataboxId databox, Handle handle, Instant now) {
            this.databox = databox;
            this.handle = handle;
            this.now = now;
        }

        /** The databox this transaction changes. */
        public DataboxId databox() {
            return databox;
        }

        /** The time every row of this transaction is stamped with. */
        public Instant now() {
            return now;
        }

        private void note(RecordId record, RecordChange what) {
            changed.computeIfAbsent(record.value(), k -> EnumSet.noneOf(RecordChange.class)).add(what);
        }

        private boolean writeOutbox() {
            if (changed.isEmpty()) return false;
            var batch = handle.prepareBatch("INSERT INTO " + OUTBOX + " (record_id, changes, created_at) VALUES (:r, :c, :now)");
            changed.forEach((record, what) -> batch.bind("r", record).bind("c", RecordChange.format(what)).bind("now", now).add());
            batch.execute();
            return true;
        }

        /**
         * Take the databox's ingest lock (its {@code ingest_lock} row, {@code SELECT … FOR UPDATE}) for the rest of the
         * transaction: ingests of every process then check for duplicates and insert one at a time, on H2, PostgreSQL
         * and MariaDB alike. The row is created when missing (a databox migrated before schema 2 lacks it).
         */
        public void lockForIngest() {
            boolean locked = handle.createQuery("SELECT info_key FROM databox_info WHERE info_key = 'ingest_lock' FOR UPDATE")
                    .mapTo(String.class).findOne().isPresent();
            if (locked) return;
            try {
                databoxes.box(databox).jdbi().useHandle(other -> other.createUpdate(
                        "INSERT INTO databox_info (info_key, info_value) VALUES ('ingest_lock', 'ingest lock')").execute());
            } catch (RuntimeException raced) {
                // another process created it first: lock it below
            }
            handle.createQuery("SELECT info_key FROM databox_info WHERE info_key = 'ingest_lock' FOR UPDATE").mapTo(String.class).one();
        }

        /** Return a record whose file has this sha256 now or had it when it was added, if any, read in this transaction. */
        public Optional<RecordId> bySha256(String sha256) {
            return RecordStore.bySha256(handle, sha256);
        }

        /** Return a record with the same UUID, if any, read in this transaction. */
        public Optional<RecordId> byUuid(String uuid) {
            return RecordStore.byUuid(handle, uuid);
        }

        /** Return a record with the same original name (ignoring case unless {@code sensitive}), if any, read in this transaction. */
        public Optional<RecordId> byOriginalName(String name, boolean sensitive) {
            return RecordStore.byOriginalName(handle, name, sensitive);
        }

        /** Return the id of the field named {@code name}, if the structure has it. */
        public Optional<Integer> fieldId(String name) {
            return handle.createQuery("SELECT id FROM structure_fields WHERE name = :n").bind("n", name).mapTo(Integer.class).findOne();
        }

        /** Create a record and log {@code add} with {@code details}; event {@link RecordChange#CREATED}. */
        public RecordId create(RecordStore.NewRecord r, Long userId, String details) {
            long id = handle.createUpdate("""
                    INSERT INTO records (coll_id, record_type, mime, sha256, original_sha256, uuid, original_name, status,
                                         subdefs_pending, metadata_pending, is_story, created_at, modified_at)
                    VALUES (:coll, :type, :mime, :sha, :sha, :uuid, :name, :status, :sp, :mp, FALSE, :now, :now)""")
                    .bind("coll", r.collId().value()).bind("type", r.type().code()).bind("mime", r.mime()).bind("sha", r.sha256())
                    .bind("uuid", r.uuid()).bind("name", r.originalName()).bind("status", r.status())
                    .bind("sp", r.subdefsPending()).bind("mp", r.metadataPending()).bind("now", now)
                    .executeAndReturnGeneratedKeys("record_id").mapTo(Long.class).one();
            RecordId record = new RecordId(id);
            log(record, userId, "add", details);
            note(record, RecordChange.CREATED);
            return record;
        }

        /**
         * Replace the whole caption of a record: values per field id, in order; event {@link RecordChange#CAPTION}.
         * Ingest uses it on the record it just created.
         */
        public void putCaption(RecordId record, Map<Integer, List<String>> values) {
            handle.createUpdate("DELETE FROM record_captions WHERE record_id = :id").bind("id", record.value()).execute();
            insertValues(record, values);
            note(record, RecordChange.CAPTION);
        }

        /**
         * Replace the values of the fields named in {@code values} (fields the structure lacks are skipped; other
         * fields keep theirs), mark the record "metadata to write" and log {@code caption}; event
         * {@link RecordChange#CAPTION}. Return how many fields were set.
         *
         * @throws AthanorException NOT_FOUND when the record does not exist
         */
        public int editCaption(RecordId record, Map<String, List<String>> values, Long userId, String details) {
            Map<Integer, List<String>> byId = new LinkedHashMap<>();
            values.forEach((name, v) -> fieldId(name).ifPresent(id -> byId.put(id, v)));
            if (handle.createUpdate("UPDATE records SET metadata_pending = TRUE, modified_at = :now WHERE record_id = :r")
                    .bind("now", now).bind("r", record.value()).execute() == 0) {
                throw new AthanorException(ErrorCode.NOT_FOUND, "Databox " + databox + " has no record " + record + ".");
            }
            for (Integer field : byId.keySet()) {
                handle.createUpdate("DELETE FROM record_captions WHERE record_id = :r AND field_id = :f")
                        .bind("r", record.value()).bind("f", field).execute();
            }
            insertValues(record, byId);
            log(record, userId, "caption", details);
            note(record, RecordChange.CAPTION);
            return byId.size();
        }

        private void insertValues(RecordId record, Map<Integer, List<String>> values) {
            var batch = handle.prepareBatch("INSERT INTO record_captions (record_id, field_id, caption_value, ord) VALUES (:r, :f, :v, :o)");
            int rows = 0;
            for (var e : values.entrySet()) {
                int ord = 0;
                for (String v : e.getValue()) {
                    batch.bind("r", record.value()).bind("f", e.getKey()).bind("v", v).bind("o", ord++).add();
                    rows++;
                }
            }
            if (rows > 0) batch.execute();
        }

        /** Replace the technical data of a record (values cut at 1024 characters); no event. */
        public void putTechnical(RecordId record, Map<String, String> tech) {
            handle.createUpdate("DELETE FROM technical_data WHERE record_id = :id").bind("id", record.value()).execute();
            if (tech.isEmpty()) return;
            var batch = handle.prepareBatch("INSERT INTO technical_data (record_id, name, tech_value) VALUES (:r, :n, :v)");
            tech.forEach((k, v) -> batch.bind("r", record.value()).bind("n", k).bind("v", v.length() > 1024 ? v.substring(0, 1024) : v).add());
            batch.execute();
        }

        /** Insert or replace the row of one file of a record ({@code document} or a subdef); no event. */
        public void putFile(RecordId record, RecordStore.FileRow f, String etag) {
            handle.createUpdate("DELETE FROM subdefs WHERE record_id = :id AND name = :name").bind("id", record.value()).bind("name", f.name()).execute();
            handle.createUpdate("""
                    INSERT INTO subdefs (record_id, name, path, file, size, mime, width, height, etag, created_at)
                    VALUES (:id, :name, :path, :file, :size, :mime, :w, :h, :etag, :now)""")
                    .bind("id", record.value()).bind("name", f.name()).bind("path", f.path()).bind("file", f.file()).bind("size", f.size())
                    .bind("mime", f.mime()).bindByType("w", f.width(), Integer.class).bindByType("h", f.height(), Integer.class)
                    .bind("etag", etag).bind("now", now).execute();
        }

        /** Set the status bits of a record and log {@code status}; event {@link RecordChange#STATUS}. Return false when it does not exist. */
        public boolean setStatus(RecordId record, long status, Long userId, String details) {
            return update(record, null, status, userId, details);
        }

        /** Move a record to collection {@code to} and log {@code move}; event {@link RecordChange#COLLECTION}. Return false when it does not exist. */
        public boolean move(RecordId record, CollId to, Long userId, String details) {
            return update(record, to, null, userId, details);
        }

        /**
         * Move a record to {@code to} (unless null) and set its status bits to {@code status} (unless null) in one
         * update, logged {@code move} (or {@code status} when only the status changes); one event naming what
         * actually changed ({@link RecordChange#COLLECTION}, {@link RecordChange#STATUS}), none when nothing did.
         * Return false when the record does not exist.
         */
        public boolean update(RecordId record, CollId to, Long status, Long userId, String details) {
            Optional<long[]> before = handle.createQuery("SELECT coll_id, status FROM records WHERE record_id = :id FOR UPDATE")
                    .bind("id", record.value()).map((rs, ctx) -> new long[] {rs.getInt(1), rs.getLong(2)}).findOne();
            if (before.isEmpty()) return false;
            boolean moves = to != null && to.value() != before.get()[0];
            boolean restatus = status != null && status != before.get()[1];
            if (!moves && !restatus) return true;
            handle.createUpdate("UPDATE records SET coll_id = :coll, status = :status, modified_at = :now WHERE record_id = :id")
                    .bind("coll", moves ? to.value() : (int) before.get()[0]).bind("status", restatus ? status : before.get()[1])
                    .bind("now", now).bind("id", record.value()).execute();
            log(record, userId, moves ? "move" : "status", details);
            if (moves) note(record, RecordChange.COLLECTION);
            if (restatus) note(record, RecordChange.STATUS);
            return true;
        }

        /**
         * Delete a record with its caption, files rows, technical data and story links, and log {@code delete}; event
         * {@link RecordChange#DELETED}, and {@link RecordChange#STORY} for each story it was a member of. Its files are
         * removed once the transaction committed. Return false when it no longer exists.
         */
        public boolean delete(RecordId record, Long userId, String details) {
            List<String[]> paths = handle.createQuery("SELECT path, file FROM subdefs WHERE record_id = :id")
                    .bind("id", record.value())
                    .map((rs, ctx) -> new String[] {record.toString(), rs.getString(1), rs.getString(2)}).list();
            List<Long> stories = handle.createQuery("SELECT story_id FROM story_members WHERE record_id = :id ORDER BY story_id")
                    .bind("id", record.value()).mapTo(Long.class).list();
            if (handle.createUpdate("DELETE FROM records WHERE record_id = :id").bind("id", record.value()).execute() == 0) return false;
            log(record, userId, "delete", details);
            note(record, RecordChange.DELETED);
            for (long story : stories) note(new RecordId(story), RecordChange.STORY);
            filesToRemove.addAll(paths);
            return true;
        }

        /**
         * Add {@code member} at the end of the story titled {@code title} in collection {@code coll}, creating the story
         * when the collection has none of that title; return the story. One event names the story:
         * {@link RecordChange#STORY} (with {@link RecordChange#CREATED} when it was created); the member's own data do
         * not change.
         */
        public RecordId addToStory(CollId coll, String title, RecordId member) {
            Optional<Long> found = handle.createQuery("SELECT record_id FROM records WHERE is_story = TRUE AND coll_id = :c AND original_name = :t")
                    .bind("c", coll.value()).bind("t", title).mapTo(Long.class).findFirst();
            RecordId story;
            if (found.isPresent()) {
                story = new RecordId(found.get());
            } else {
                story = new RecordId(handle.createUpdate("""
                        INSERT INTO records (coll_id, record_type, original_name, status, subdefs_pending, metadata_pending, is_story,
                                             created_at, modified_at)
                        VALUES (:c, 'unknown', :t, 0, FALSE, FALSE, TRUE, :now, :now)""")
                        .bind("c", coll.value()).bind("t", title).bind("now", now)
                        .executeAndReturnGeneratedKeys("record_id").mapTo(Long.class).one());
                log(story, null, "add", "story '" + title + "'");
                note(story, RecordChange.CREATED);
            }
            int ord = handle.createQuery("SELECT COUNT(*) FROM story_members WHERE story_id = :s").bind("s", story.value()).mapTo(Integer.class).one();
            handle.createUpdate("INSERT INTO story_members (story_id, record_id, ord) VALUES (:s, :r, :o)")
                    .bind("s", story.value()).bind("r", member.value()).bind("o", ord).execute();
            note(story, RecordChange.STORY);
            return story;
        }

        /** Append a line to the record log (kept after the record is deleted); no event. */
        public void log(RecordId record, Long userId, String action, String details) {
            handle.createUpdate("INSERT INTO record_log (record_id, user_id, action, details, created_at) VALUES (:r, :u, :a, :d, :now)")
                    .bind("r", record.value()).bindByType("u", userId, Long.class).bind("a", action).bind("d", details).bind("now", now).execute();
        }
    }

    // --- the outbox, read by the relay

    /** One row of a databox's outbox: a record changed, and what changed. */
    public record Outboxed(long id, RecordId record, Set<RecordChange> changes, Instant at) {}

    /**
     * Hand up to {@code max} outbox rows of a databox, oldest first, to {@code relay}, and delete them when it returns,
     * all in one transaction that locks them ({@code FOR UPDATE SKIP LOCKED}: two relays never take the same rows).
     * When {@code relay} throws, the rows stay for the next pass. Return how many rows were relayed.
     */
    public int drainOutbox(DataboxId databox, int max, Consumer<List<Outboxed>> relay) {
        if (max < 1) throw new IllegalArgumentException("max must be 1 or more, found " + max);
        return databoxes.box(databox).jdbi().inTransaction(h -> {
            List<Outboxed> rows = h.createQuery("SELECT id, record_id, changes, created_at FROM " + OUTBOX
                            + " ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED")
                    .bind("max", max)
                    .map((rs, ctx) -> new Outboxed(rs.getLong(1), new RecordId(rs.getLong(2)), RecordChange.parse(rs.getString(3)),
                            org.athanor.db.Timestamps.instant(rs, "created_at")))
                    .list();
            if (rows.isEmpty()) return 0;
            relay.accept(rows);
            h.createUpdate("DELETE FROM " + OUTBOX + " WHERE id IN (<ids>)").bindList("ids", rows.stream().map(Outboxed::id).toList()).execute();
            return rows.size();
        });
    }

    /** Return how many outbox rows of a databox wait for the relay. */
    public long outboxSize(DataboxId databox) {
        return databoxes.box(databox).jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + OUTBOX).mapTo(Long.class).one());
    }
}
