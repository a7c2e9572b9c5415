package org.athanor.databox;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.db.Timestamps;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads records of one databox with their caption, subdefinitions and technical data. */
public final class RecordReader {
    private final DataboxId databox;
    private final Jdbi db;
    private final Path dataRoot;

    /** Subdef paths are stored relative to {@code dataRoot} (main.storage.data) and shown absolute. */
    public RecordReader(DataboxId databox, Jdbi db, Path dataRoot) {
        this.databox = databox;
        this.db = db;
        this.dataRoot = dataRoot;
    }

    /** The record with this id, or an error naming the databox. */
    public RecordDetails show(RecordId id) {
        return db.withHandle(h -> {
            RecordDetails base = h.createQuery("SELECT * FROM records WHERE record_id = :id").bind("id", id.value())
                    .map((rs, ctx) -> header(rs)).findOne()
                    .orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND,
                            "Databox " + databox + " has no record " + id + "."));
            return new RecordDetails(databox, base.recordId(), base.collId(), base.type(), base.mime(), base.sha256(), base.originalSha256(), base.uuid(),
                    base.originalName(), base.status(), base.statusBitsOn(), base.story(), base.subdefsPending(),
                    base.metadataPending(), base.subdefsError(), base.createdAt(), base.modifiedAt(),
                    caption(h, id), subdefs(h, id), technical(h, id));
        });
    }

    /** Number of records (stories included) in the databox. */
    public long count() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records").mapTo(Long.class).one());
    }

    private RecordDetails header(ResultSet rs) throws SQLException {
        long status = rs.getLong("status");
        List<Integer> on = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) if ((status & (1L << bit)) != 0) on.add(bit);
        return new RecordDetails(databox, new RecordId(rs.getLong("record_id")), new CollId(rs.getInt("coll_id")),
                rs.getString("record_type"), rs.getString("mime"), rs.getString("sha256"), rs.getString("original_sha256"), rs.getString("uuid"),
                rs.getString("original_name"), status, on, rs.getBoolean("is_story"), rs.getBoolean("subdefs_pending"),
                rs.getBoolean("metadata_pending"), rs.getString("subdefs_error"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "modified_at"), Map.of(), List.of(), Map.of());
    }

    private static Map<String, List<String>> caption(Handle h, RecordId id) {
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
                .map((rs, ctx) -> new RecordDetails.SubdefFile(rs.getString("name"),
                        dataRoot.resolve(rs.getString("path")).resolve(rs.getString("file")).toString(), rs.getLong("size"),
                        rs.getString("mime"), (Integer) rs.getObject("width"), (Integer) rs.getObject("height"), rs.getString("etag")))
                .list();
    }

    private static Map<String, String> technical(Handle h, RecordId id) {
        Map<String, String> tech = new LinkedHashMap<>();
        h.createQuery("SELECT name, tech_value FROM technical_data WHERE record_id = :id ORDER BY name").bind("id", id.value())
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .forEach(e -> tech.put(e.getKey(), e.getValue()));
        return tech;
    }
}
