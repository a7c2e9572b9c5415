package org.athanor.setup.upgrade.legacy;

import static org.athanor.setup.upgrade.legacy.LegacyTables.legacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.setup.upgrade.BatchDataMigration;
import org.athanor.setup.upgrade.Installation;
import org.athanor.tasks.JobQueue;

/**
 * Step: one databox's records and stories, in batches of record_id, each batch one transaction that first removes
 * what an interrupted run may have left in its range: records with the same record_id and coll_id, status bits, type,
 * mime, sha256, uuid, original name and dates; caption values in their order (multi-valued fields keep the order
 * 3.8.8 showed them in, the order of {@code metadatas.id}); subdef rows, their folders made relative to the data root
 * (the files stay where they are); technical data. Files are then checked: a record whose subdef file is missing is
 * marked for regeneration (subdefs job queued, row removed), one whose original document is missing gets a subdefs
 * error naming the path.
 */
final class ImportRecords extends BatchDataMigration {
    private final int sbasId;
    private long missingSubdefs;
    private long missingDocuments;
    private Path root;
    private java.time.ZoneId zone;

    ImportRecords(int sbasId) {
        this.sbasId = sbasId;
    }

    @Override public String name() {
        return "legacy388-records-" + sbasId;
    }

    /** Records per batch: 5000, or the system property {@value #BATCH_PROPERTY} (tests cut the import into small batches). */
    @Override protected int batchSize() {
        return Math.max(1, Integer.getInteger(BATCH_PROPERTY, 5_000));
    }

    /** System property overriding the batch size. */
    static final String BATCH_PROPERTY = "athanor.upgrade.legacy388.batch";

    private Box db(Installation installation) {
        return Phraseanet388Import.box(installation, BoxKind.DATABOX, sbasId);
    }

    @Override protected long remaining(Installation installation, long after) {
        return db(installation).jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + legacy("record") + " WHERE record_id > :a")
                .bind("a", after).mapTo(Long.class).one());
    }

    @Override protected OptionalLong migrateBatch(Installation installation, long after, int size) {
        Box db = db(installation);
        if (root == null) root = Phraseanet388Import.dataRoot(installation);
        if (zone == null) zone = LegacyTime.zone(installation);
        java.time.ZoneId zone = this.zone;
        Path root = this.root;
        String rootSlash = root.toString().endsWith("/") ? root.toString() : root + "/";
        List<long[]> missing = new ArrayList<>();       // record_id, 1 = document, 0 = subdef
        List<String> missingPaths = new ArrayList<>();
        Long upper = db.jdbi().inTransaction(h -> {
            Long top = h.createQuery("SELECT MAX(record_id) FROM (SELECT record_id FROM " + legacy("record")
                    + " WHERE record_id > :a ORDER BY record_id LIMIT :n) t").bind("a", after).bind("n", size)
                    .mapTo(Long.class).findOne().orElse(null);
            if (top == null) return null;
            // what an interrupted run left in this range goes first, with its captions, subdefs and technical data
            // (ON DELETE CASCADE, which needs the foreign key checks on)
            h.createUpdate("DELETE FROM records WHERE record_id > :a AND record_id <= :b").bind("a", after).bind("b", top).execute();
            // The SELECTs below join every row to its record and field, so the foreign keys hold by construction; not
            // checking them row by row makes the copy about a third faster on MariaDB. Set back before the handle is released.
            h.execute("SET SESSION foreign_key_checks = 0");
            try {
                copy(h, after, top, rootSlash, zone);
            } finally {
                h.execute("SET SESSION foreign_key_checks = 1");
            }
            return top;
        });
        if (upper == null) return OptionalLong.empty();
        db.jdbi().useTransaction(h -> h.createQuery("SELECT record_id, name, path, file FROM subdefs WHERE record_id > :a AND record_id <= :b")
                .bind("a", after).bind("b", upper)
                .map((rs, ctx) -> {
                    Path file = root.resolve(rs.getString("path")).resolve(rs.getString("file"));
                    if (!Files.isRegularFile(file)) {
                        missing.add(new long[] {rs.getLong("record_id"), "document".equals(rs.getString("name")) ? 1 : 0});
                        missingPaths.add(rs.getString("name") + "\u0000" + file);
                    }
                    return 0;
                }).list());
        if (!missing.isEmpty()) {
            db.jdbi().useTransaction(h -> {
                for (int i = 0; i < missing.size(); i++) {
                    long record = missing.get(i)[0];
                    String[] nameAndPath = missingPaths.get(i).split("\u0000", 2);
                    if (missing.get(i)[1] == 1) {
                        h.createUpdate("UPDATE records SET subdefs_error = :e WHERE record_id = :r")
                                .bind("e", "Imported from Phraseanet 3.8.8 without its original document: " + nameAndPath[1]
                                        + " is missing. Put the file back there, or delete the record.")
                                .bind("r", record).execute();
                    } else {
                        h.createUpdate("DELETE FROM subdefs WHERE record_id = :r AND name = :n").bind("r", record).bind("n", nameAndPath[0]).execute();
                        h.createUpdate("UPDATE records SET subdefs_pending = TRUE WHERE record_id = :r").bind("r", record).execute();
                    }
                }
            });
        }
        List<RecordId> regenerate = new ArrayList<>();
        for (long[] m : missing) {
            if (m[1] == 0) regenerate.add(new RecordId(m[0])); else missingDocuments++;
        }
        missingSubdefs += regenerate.size();
        new JobQueue(installation.appbox().jdbi()).enqueueAll(JobQueue.SUBDEFS, new DataboxId(sbasId), regenerate);
        return OptionalLong.of(upper);
    }

    /** Copy the rows of records {@code after < record_id <= top}. */
    private static void copy(org.jdbi.v3.core.Handle h, long after, long top, String rootSlash, java.time.ZoneId zone) {
        String credate = LegacyTime.toUtc("r.credate", zone);
        String moddate = LegacyTime.toUtc("r.moddate", zone);
        h.createUpdate("""
                INSERT INTO records (record_id, coll_id, record_type, mime, sha256, uuid, original_name, status, subdefs_pending,
                    metadata_pending, is_story, created_at, modified_at)
                SELECT r.record_id, r.coll_id,
                    CASE WHEN r.type IN ('image', 'video', 'audio', 'document', 'flash') THEN r.type ELSE 'unknown' END,
                    NULLIF(r.mime, ''), NULLIF(r.sha256, ''), NULLIF(r.uuid, ''), NULLIF(r.originalname, ''), r.status,
                    FALSE, FALSE, r.parent_record_id = 1,
                    CASE WHEN r.credate IS NULL OR r.credate < '1971-01-01' THEN UTC_TIMESTAMP() ELSE %s END,
                    CASE WHEN r.moddate IS NULL OR r.moddate < '1971-01-01'
                         THEN CASE WHEN r.credate IS NULL OR r.credate < '1971-01-01' THEN UTC_TIMESTAMP() ELSE %s END
                         ELSE %s END
                FROM %s r JOIN collections c ON c.coll_id = r.coll_id
                WHERE r.record_id > :a AND r.record_id <= :b""".formatted(credate, credate, moddate, legacy("record")))
                .bind("a", after).bind("b", top).execute();
        h.createUpdate("""
                INSERT INTO record_captions (record_id, field_id, caption_value, ord)
                SELECT m.record_id, m.meta_struct_id, m.value,
                    ROW_NUMBER() OVER (PARTITION BY m.record_id, m.meta_struct_id ORDER BY m.id) - 1
                FROM %s m JOIN records r ON r.record_id = m.record_id JOIN structure_fields f ON f.id = m.meta_struct_id
                WHERE m.record_id > :a AND m.record_id <= :b AND m.value IS NOT NULL""".formatted(legacy("metadatas")))
                .bind("a", after).bind("b", top).execute();
        h.createUpdate("""
                INSERT IGNORE INTO subdefs (record_id, name, path, file, size, mime, width, height, etag, created_at)
                SELECT s.record_id, s.name,
                    TRIM(TRAILING '/' FROM CASE WHEN LEFT(s.path, CHAR_LENGTH(:root)) = :root
                                                THEN SUBSTRING(s.path, CHAR_LENGTH(:root) + 1) ELSE s.path END),
                    s.file, s.size, NULLIF(s.mime, ''), NULLIF(s.width, 0), NULLIF(s.height, 0), NULLIF(s.etag, ''),
                    COALESCE(%s, UTC_TIMESTAMP())
                FROM %s s JOIN records r ON r.record_id = s.record_id
                WHERE s.record_id > :a AND s.record_id <= :b""".formatted(LegacyTime.toUtc("s.created_on", zone), legacy("subdef")))
                .bind("root", rootSlash).bind("a", after).bind("b", top).execute();
        h.createUpdate("""
                INSERT IGNORE INTO technical_data (record_id, name, tech_value)
                SELECT t.record_id, t.name, t.value
                FROM %s t JOIN records r ON r.record_id = t.record_id
                WHERE t.record_id > :a AND t.record_id <= :b""".formatted(legacy("technical_datas")))
                .bind("a", after).bind("b", top).execute();
    }

    @Override public void apply(Installation installation, org.athanor.core.Progress progress) {
        progress.step("Importing the records of databox " + installation.databox(sbasId).orElseThrow().name());
        super.apply(installation, progress);
        if (missingSubdefs + missingDocuments > 0) {
            installation.log().line(name() + ": " + missingSubdefs + " subdef file(s) missing (records marked for regeneration), "
                    + missingDocuments + " original document(s) missing (records carry a subdefs error naming the path)");
        }
    }
}
