package org.athanor.databox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes records of one databox: the record row, caption values, files, technical data, the log and the
 * "subdefs to make" / "metadata to write" marks. Methods taking a {@link Handle} join the caller's transaction.
 */
public final class RecordStore {
    private final DataboxId databox;
    private final Jdbi db;

    public RecordStore(DataboxId databox, Jdbi db) {
        this.databox = databox;
        this.db = db;
    }

    public Jdbi jdbi() {
        return db;
    }

    /** The columns of a new record. */
    public record NewRecord(CollId collId, RecordType type, String mime, String sha256, String uuid, String originalName,
                            long status, boolean subdefsPending, boolean metadataPending) {}

    /** The record columns subdefinition and metadata work needs. */
    public record Header(RecordId id, CollId collId, RecordType type, String mime, String uuid, String originalName,
                         boolean subdefsPending, boolean metadataPending) {}

    /** One stored file row. */
    public record FileRow(String name, String path, String file, long size, String mime, Integer width, Integer height) {}

    /** Insert a record and return its id. */
    public RecordId insert(Handle h, NewRecord r, Instant now) {
        long id = h.createUpdate("""
                INSERT INTO records (coll_id, record_type, mime, sha256, original_sha256, uuid, original_name, status,
                                     subdefs_pending, metadata_pending, is_story, created_at, modified_at)
                VALUES (:coll, :type, :mime, :sha, :sha, :uuid, :name, :status, :sp, :mp, FALSE, :now, :now)""")
                .bind("coll", r.collId().value()).bind("type", r.type().code()).bind("mime", r.mime()).bind("sha", r.sha256())
                .bind("uuid", r.uuid()).bind("name", r.originalName()).bind("status", r.status())
                .bind("sp", r.subdefsPending()).bind("mp", r.metadataPending()).bind("now", now)
                .executeAndReturnGeneratedKeys("record_id").mapTo(Long.class).one();
        return new RecordId(id);
    }

    /** Replace the caption of a record: values per field id, in order. */
    public void putCaption(Handle h, RecordId id, Map<Integer, List<String>> values) {
        h.createUpdate("DELETE FROM record_captions WHERE record_id = :id").bind("id", id.value()).execute();
        var batch = h.prepareBatch("INSERT INTO record_captions (record_id, field_id, caption_value, ord) VALUES (:r, :f, :v, :o)");
        int rows = 0;
        for (var e : values.entrySet()) {
            int ord = 0;
            for (String v : e.getValue()) {
                batch.bind("r", id.value()).bind("f", e.getKey()).bind("v", v).bind("o", ord++).add();
                rows++;
            }
        }
        if (rows > 0) batch.execute();
    }

    /** Replace the technical data of a record. */
    public void putTechnical(Handle h, RecordId id, Map<String, String> tech) {
        h.createUpdate("DELETE FROM technical_data WHERE record_id = :id").bind("id", id.value()).execute();
        if (tech.isEmpty()) return;
        var batch = h.prepareBatch("INSERT INTO technical_data (record_id, name, tech_value) VALUES (:r, :n, :v)");
        tech.forEach((k, v) -> batch.bind("r", id.value()).bind("n", k).bind("v", v.length() > 1024 ? v.substring(0, 1024) : v).add());
        batch.execute();
    }

    /** Insert or replace the row of one file of a record ({@code document} or a subdef). */
    public void putFile(Handle h, RecordId id, FileRow f, String etag, Instant now) {
        h.createUpdate("DELETE FROM subdefs WHERE record_id = :id AND name = :name").bind("id", id.value()).bind("name", f.name()).execute();
        h.createUpdate("""
                INSERT INTO subdefs (record_id, name, path, file, size, mime, width, height, etag, created_at)
                VALUES (:id, :name, :path, :file, :size, :mime, :w, :h, :etag, :now)""")
                .bind("id", id.value()).bind("name", f.name()).bind("path", f.path()).bind("file", f.file()).bind("size", f.size())
                .bind("mime", f.mime()).bindByType("w", f.width(), Integer.class).bindByType("h", f.height(), Integer.class)
                .bind("etag", etag).bind("now", now).execute();
    }

    /** Update size and etag of a file whose content changed in place (metadata written). */
    public void touchFile(RecordId id, String name, long size, String etag) {
        db.useHandle(h -> h.createUpdate("UPDATE subdefs SET size = :size, etag = :etag WHERE record_id = :id AND name = :name")
                .bind("size", size).bind("etag", etag).bind("id", id.value()).bind("name", name).execute());
    }

    /** Append to the record log. */
    public void log(Handle h, RecordId id, Long userId, String action, String details, Instant now) {
        h.createUpdate("INSERT INTO record_log (record_id, user_id, action, details, created_at) VALUES (:r, :u, :a, :d, :now)")
                .bind("r", id.value()).bindByType("u", userId, Long.class).bind("a", action).bind("d", details).bind("now", now).execute();
    }

    /** Append to the record log in its own transaction. */
    public void log(RecordId id, Long userId, String action, String details, Instant now) {
        db.useHandle(h -> log(h, id, userId, action, details, now));
    }

    /**
     * Take the databox's ingest lock (its {@code ingest_lock} row, {@code SELECT … FOR UPDATE}) for the rest of the
     * transaction of {@code h}: ingests of every process then check for duplicates and insert one at a time, on H2,
     * PostgreSQL and MariaDB alike. The row is created when missing (a databox migrated before schema 2 has it).
     */
    public void lockForIngest(Handle h) {
        boolean locked = h.createQuery("SELECT info_key FROM databox_info WHERE info_key = 'ingest_lock' FOR UPDATE")
                .mapTo(String.class).findOne().isPresent();
        if (locked) return;
        try {
            db.useHandle(other -> other.createUpdate("INSERT INTO databox_info (info_key, info_value) VALUES ('ingest_lock', 'ingest lock')")
                    .execute());
        } catch (RuntimeException raced) {
            // another process created it first: lock it below
        }
        h.createQuery("SELECT info_key FROM databox_info WHERE info_key = 'ingest_lock' FOR UPDATE").mapTo(String.class).one();
    }

    /** Return a record whose file has this sha256 now or had it when it was added, if any. */
    public Optional<RecordId> bySha256(String sha256) {
        return db.withHandle(h -> bySha256(h, sha256));
    }

    /** Return a record whose file has this sha256 now or had it when it was added, if any, read in {@code h}. */
    public Optional<RecordId> bySha256(Handle h, String sha256) {
        return h.createQuery("SELECT MIN(record_id) FROM records WHERE sha256 = :v OR original_sha256 = :v").bind("v", sha256)
                .mapTo(Long.class).findOne().map(RecordId::new);
    }

    /** Return a record with the same UUID, if any, read in {@code h}. */
    public Optional<RecordId> byUuid(Handle h, String uuid) {
        return h.createQuery("SELECT MIN(record_id) FROM records WHERE uuid = :v").bind("v", uuid)
                .mapTo(Long.class).findOne().map(RecordId::new);
    }

    /** Return a record with the same original name (ignoring case unless {@code sensitive}), if any, read in {@code h}. */
    public Optional<RecordId> byOriginalName(Handle h, String name, boolean sensitive) {
        String sql = sensitive ? "SELECT MIN(record_id) FROM records WHERE original_name = :v"
                : "SELECT MIN(record_id) FROM records WHERE LOWER(original_name) = LOWER(:v)";
        return h.createQuery(sql).bind("v", name).mapTo(Long.class).findOne().map(RecordId::new);
    }

    /**
     * Set the checksum of a record's stored original after its content changed in place (metadata written); the
     * checksum it had when added stays in {@code original_sha256}.
     */
    public void originalRewritten(RecordId id, String sha256, long size, String md5, Instant now) {
        db.useTransaction(h -> {
            h.createUpdate("UPDATE records SET sha256 = :sha, modified_at = :now WHERE record_id = :id")
                    .bind("sha", sha256).bind("now", now).bind("id", id.value()).execute();
            h.createUpdate("UPDATE subdefs SET size = :size, etag = :etag WHERE record_id = :id AND name = 'document'")
                    .bind("size", size).bind("etag", md5).bind("id", id.value()).execute();
        });
    }

    /** Return the header of a record, or an error naming the databox. */
    public Header header(RecordId id) {
        return db.withHandle(h -> h.createQuery("SELECT * FROM records WHERE record_id = :id").bind("id", id.value())
                .map((rs, ctx) -> new Header(id, new CollId(rs.getInt("coll_id")), RecordType.parse(rs.getString("record_type")),
                        rs.getString("mime"), rs.getString("uuid"), rs.getString("original_name"),
                        rs.getBoolean("subdefs_pending"), rs.getBoolean("metadata_pending")))
                .findOne()
                .orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND, "Databox " + databox + " has no record " + id + ".")));
    }

    /** Return the file rows of a record, the original ({@code document}) included. */
    public List<FileRow> files(RecordId id) {
        return db.withHandle(h -> h.createQuery("SELECT * FROM subdefs WHERE record_id = :id ORDER BY name").bind("id", id.value())
                .map((rs, ctx) -> new FileRow(rs.getString("name"), rs.getString("path"), rs.getString("file"), rs.getLong("size"),
                        rs.getString("mime"), (Integer) rs.getObject("width"), (Integer) rs.getObject("height")))
                .list());
    }

    /** Return the technical data of a record. */
    public Map<String, String> technical(RecordId id) {
        Map<String, String> tech = new java.util.LinkedHashMap<>();
        db.useHandle(h -> h.createQuery("SELECT name, tech_value FROM technical_data WHERE record_id = :id").bind("id", id.value())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .forEach(e -> tech.put(e.getKey(), e.getValue())));
        return tech;
    }

    /** Return the caption values of a record by field id, in order. */
    public Map<Integer, List<String>> caption(RecordId id) {
        Map<Integer, List<String>> c = new java.util.LinkedHashMap<>();
        db.useHandle(h -> h.createQuery("SELECT field_id, caption_value FROM record_captions WHERE record_id = :id ORDER BY field_id, ord, id")
                .bind("id", id.value()).map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getString(2)))
                .forEach(e -> c.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue())));
        return c;
    }

    /** Return the ids of the records (not stories), oldest first; only those marked "subdefs to make" when {@code pending}. */
    public List<RecordId> ids(boolean pending) {
        String sql = "SELECT record_id FROM records WHERE is_story = FALSE" + (pending ? " AND subdefs_pending = TRUE" : "") + " ORDER BY record_id";
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).map(RecordId::new).list());
    }

    /** Return the ids of the records marked "metadata to write", oldest first. */
    public List<RecordId> metadataPending() {
        return db.withHandle(h -> h.createQuery("SELECT record_id FROM records WHERE metadata_pending = TRUE AND is_story = FALSE ORDER BY record_id")
                .mapTo(Long.class).map(RecordId::new).list());
    }

    /** Clear the "subdefs to make" mark and the last error. */
    public void subdefsDone(RecordId id, Instant now) {
        db.useHandle(h -> h.createUpdate("UPDATE records SET subdefs_pending = FALSE, subdefs_error = NULL, modified_at = :now WHERE record_id = :id")
                .bind("now", now).bind("id", id.value()).execute());
    }

    /** Keep the "subdefs to make" mark as it is and record why the last build failed. */
    public void subdefsFailed(RecordId id, String error, Instant now) {
        db.useHandle(h -> h.createUpdate("UPDATE records SET subdefs_error = :e, modified_at = :now WHERE record_id = :id")
                .bind("e", error).bind("now", now).bind("id", id.value()).execute());
    }

    /** Set or clear the "metadata to write" mark. */
    public void metadataPending(RecordId id, boolean pending, Instant now) {
        db.useHandle(h -> h.createUpdate("UPDATE records SET metadata_pending = :p, modified_at = :now WHERE record_id = :id")
                .bind("p", pending).bind("now", now).bind("id", id.value()).execute());
    }
}
