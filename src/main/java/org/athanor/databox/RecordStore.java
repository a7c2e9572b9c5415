package org.athanor.databox;

import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.db.Timestamps;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the records of one databox: headers, caption values, files, technical data, and records:show's
 * {@link RecordDetails}. The one reader of the record tables; every write goes through {@link Records}.
 */
public final class RecordStore {
    private final DataboxId databox;
    private final Jdbi db;
    private final RecordFiles files;

    /** A reader that shows file locations as {@code folder/file} relative to the data root. */
    public RecordStore(DataboxId databox, Jdbi db) {
        this(databox, db, null);
    }

    /** A reader that shows file locations as {@code files} tells them (an absolute path for a local store). */
    public RecordStore(DataboxId databox, Jdbi db, RecordFiles files) {
        this.databox = databox;
        this.db = db;
        this.files = files;
    }

    /** The columns of a new record. */
    public record NewRecord(CollId collId, RecordType type, String mime, String sha256, String uuid, String originalName,
                            long status, boolean subdefsPending, boolean metadataPending) {}

    /** The record columns subdefinition and metadata work needs. */
    public record Header(RecordId id, CollId collId, RecordType type, String mime, String uuid, String originalName,
                         boolean subdefsPending, boolean metadataPending) {}

    /** One stored file row. */
    public record FileRow(String name, String path, String file, long size, String mime, Integer width, Integer height) {}

    /** Return the header of a record, or an error naming the databox. */
    public Header header(RecordId id) {
        return db.withHandle(h -> h.createQuery("SELECT * FROM records WHERE record_id = :id").bind("id", id.value())
                .map((rs, ctx) -> new Header(id, new CollId(rs.getInt("coll_id")), RecordType.parse(rs.getString("record_type")),
                        rs.getString("mime"), rs.getString("uuid"), rs.getString("original_name"),
                        rs.getBoolean("subdefs_pending"), rs.getBoolean("metadata_pending")))
                .findOne()
                .orElseThrow(() -> notFound(id)));
    }

    /** Return the file rows of a record, the original ({@code document}) included. */
    public List<FileRow> files(RecordId id) {
        return db.withHandle(h -> h.createQuery("SELECT * FROM subdefs WHERE record_id = :id ORDER BY name").bind("id", id.value())
                .map((rs, ctx) -> new FileRow(rs.getString("name"), rs.getString("path"), rs.getString("file"), rs.getLong("size"),
                        rs.getString("mime"), (Integer) rs.getObject("width"), (Integer) rs.getObject("height")))
                .list());
    }

    /** Return the technical data of a record, by name. */
    public Map<String, String> technical(RecordId id) {
        return db.withHandle(h -> technical(h, id));
    }

    /** Return the caption values of a record by field id, in order. */
    public Map<Integer, List<String>> caption(RecordId id) {
        Map<Integer, List<String>> c = new LinkedHashMap<>();
        db.useHandle(h -> h.createQuery("SELECT field_id, caption_value FROM record_captions WHERE record_id = :id ORDER BY field_id, ord, id")
                .bind("id", id.value()).map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getString(2)))
                .forEach(e -> c.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
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

    /**
     * Return the records (not stories) whose {@code column} mark ({@code subdefs_pending} or {@code metadata_pending})
     * is set and whose type is one of {@code types}, oldest first.
     */
    public List<RecordId> marked(String column, List<String> types) {
        String mark = markColumn(column);
        if (types.isEmpty()) return List.of();
        return db.withHandle(h -> h.createQuery("SELECT record_id FROM records WHERE " + mark
                        + " = TRUE AND is_story = FALSE AND record_type IN (<types>) ORDER BY record_id")
                .bindList("types", types).map((rs, ctx) -> new RecordId(rs.getLong(1))).list());
    }

    /** Return true when the record exists and its {@code column} mark is set. */
    public boolean isMarked(String column, RecordId id) {
        String mark = markColumn(column);
        return db.withHandle(h -> h.createQuery("SELECT " + mark + " FROM records WHERE record_id = :id")
                .bind("id", id.value()).mapTo(Boolean.class).findOne().orElse(false));
    }

    private static String markColumn(String column) {
        if (!column.equals("subdefs_pending") && !column.equals("metadata_pending")) {
            throw new IllegalArgumentException("'" + column + "' is not a mark column; use subdefs_pending or metadata_pending");
        }
        return column;
    }

    /** Return the number of records (stories included) of a collection. */
    public long countIn(CollId coll) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE coll_id = :c").bind("c", coll.value())
                .mapTo(Long.class).one());
    }

    /** Return up to {@code limit} records of a collection, stories first, then by id. */
    public List<RecordId> firstIn(CollId coll, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT record_id FROM records WHERE coll_id = :c ORDER BY is_story DESC, record_id LIMIT "
                        + Math.max(1, limit))
                .bind("c", coll.value()).map((rs, ctx) -> new RecordId(rs.getLong(1))).list());
    }

    /** A record (not a story) with its collection and status, as rules select them. */
    public record Candidate(RecordId id, CollId collId, long status) {}

    /**
     * Return the records (not stories) in (or, {@code negated}, not in) the collections {@code colls} (any when empty),
     * of type {@code type} (any when null), by id.
     */
    public List<Candidate> candidates(List<Integer> colls, boolean negated, String type) {
        return db.withHandle(h -> {
            StringBuilder sql = new StringBuilder("SELECT record_id, coll_id, status FROM records WHERE is_story = FALSE");
            if (!colls.isEmpty()) sql.append(" AND coll_id ").append(negated ? "NOT IN" : "IN").append(" (<colls>)");
            if (type != null) sql.append(" AND record_type = :type");
            var q = h.createQuery(sql.append(" ORDER BY record_id").toString());
            if (!colls.isEmpty()) q.bindList("colls", colls);
            if (type != null) q.bind("type", type);
            return q.map((rs, ctx) -> new Candidate(new RecordId(rs.getLong(1)), new CollId(rs.getInt(2)), rs.getLong(3))).list();
        });
    }

    /** Return the values of the field named {@code field} in a record's caption, in order. */
    public List<String> values(RecordId id, String field) {
        return db.withHandle(h -> h.createQuery("""
                SELECT c.caption_value FROM record_captions c JOIN structure_fields f ON f.id = c.field_id
                WHERE c.record_id = :id AND f.name = :field ORDER BY c.ord, c.id""")
                .bind("id", id.value()).bind("field", field).mapTo(String.class).list());
    }

    /** Return a record whose file has this sha256 now or had it when it was added, if any. */
    public Optional<RecordId> bySha256(String sha256) {
        return db.withHandle(h -> bySha256(h, sha256));
    }

    static Optional<RecordId> bySha256(Handle h, String sha256) {
        return h.createQuery("SELECT MIN(record_id) FROM records WHERE sha256 = :v OR original_sha256 = :v").bind("v", sha256)
                .mapTo(Long.class).findOne().map(RecordId::new);
    }

    static Optional<RecordId> byUuid(Handle h, String uuid) {
        return h.createQuery("SELECT MIN(record_id) FROM records WHERE uuid = :v").bind("v", uuid)
                .mapTo(Long.class).findOne().map(RecordId::new);
    }

    static Optional<RecordId> byOriginalName(Handle h, String name, boolean sensitive) {
        String sql = sensitive ? "SELECT MIN(record_id) FROM records WHERE original_name = :v"
                : "SELECT MIN(record_id) FROM records WHERE LOWER(original_name) = LOWER(:v)";
        return h.createQuery(sql).bind("v", name).mapTo(Long.class).findOne().map(RecordId::new);
    }

    /** Return the record with this id and everything records:show prints, or an error naming the databox. */
    public RecordDetails show(RecordId id) {
        return db.withHandle(h -> {
            RecordDetails base = h.createQuery("SELECT * FROM records WHERE record_id = :id").bind("id", id.value())
                    .map((rs, ctx) -> details(rs)).findOne()
                    .orElseThrow(() -> notFound(id));
            return new RecordDetails(databox, base.recordId(), base.collId(), base.type(), base.mime(), base.sha256(), base.originalSha256(),
                    base.uuid(), base.originalName(), base.status(), base.statusBitsOn(), base.story(), base.subdefsPending(),
                    base.metadataPending(), base.subdefsError(), base.createdAt(), base.modifiedAt(),
                    captionByName(h, id), subdefs(h, id), technicalByName(h, id));
        });
    }

    /** Return the number of records (stories included) in the databox. */
    public long count() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records").mapTo(Long.class).one());
    }

    private AthanorException notFound(RecordId id) {
        return new AthanorException(ErrorCode.NOT_FOUND, "Databox " + databox + " has no record " + id + ".");
    }

    private RecordDetails details(ResultSet rs) throws SQLException {
        long status = rs.getLong("status");
        List<Integer> on = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) if ((status & (1L << bit)) != 0) on.add(bit);
        return new RecordDetails(databox, new RecordId(rs.getLong("record_id")), new CollId(rs.getInt("coll_id")),
                rs.getString("record_type"), rs.getString("mime"), rs.getString("sha256"), rs.getString("original_sha256"), rs.getString("uuid"),
                rs.getString("original_name"), status, on, rs.getBoolean("is_story"), rs.getBoolean("subdefs_pending"),
                rs.getBoolean("metadata_pending"), rs.getString("subdefs_error"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "modified_at"), Map.of(), List.of(), Map.of());
    }

    private static Map<String, List<String>> captionByName(Handle h, RecordId id) {
        Map<String, List<String>> caption = new LinkedHashMap<>();
        h.createQuery("""
                SELECT f.name, c.caption_value FROM record_captions c JOIN structure_fields f ON f.id = c.field_id
                WHERE c.record_id = :id ORDER BY f.position, f.id, c.ord, c.id""")
                .bind("id", id.value())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> caption.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return caption;
    }

    private List<RecordDetails.SubdefFile> subdefs(Handle h, RecordId id) {
        return h.createQuery("SELECT * FROM subdefs WHERE record_id = :id ORDER BY CASE WHEN name = 'document' THEN 0 ELSE 1 END, name")
                .bind("id", id.value())
                .map((rs, ctx) -> new RecordDetails.SubdefFile(rs.getString("name"), locate(rs.getString("path"), rs.getString("file")),
                        rs.getLong("size"), rs.getString("mime"), (Integer) rs.getObject("width"), (Integer) rs.getObject("height"),
                        rs.getString("etag")))
                .list();
    }

    private String locate(String folder, String file) {
        return files == null ? folder + "/" + file : files.locate(folder, file);
    }

    private static Map<String, String> technical(Handle h, RecordId id) {
        Map<String, String> tech = new LinkedHashMap<>();
        h.createQuery("SELECT name, tech_value FROM technical_data WHERE record_id = :id").bind("id", id.value())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .forEach(e -> tech.put(e.getKey(), e.getValue()));
        return tech;
    }

    private static Map<String, String> technicalByName(Handle h, RecordId id) {
        Map<String, String> tech = new LinkedHashMap<>();
        h.createQuery("SELECT name, tech_value FROM technical_data WHERE record_id = :id ORDER BY name").bind("id", id.value())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .forEach(e -> tech.put(e.getKey(), e.getValue()));
        return tech;
    }
}
