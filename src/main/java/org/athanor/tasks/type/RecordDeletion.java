package org.athanor.tasks.type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.athanor.databox.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.RecordId;

/**
 * Deletes records of a databox for the RecordMover and EmptyCollection tasks: their rows (captions, subdefs, technical
 * data and story links go with them), their files, and a line in the record log.
 */
public final class RecordDeletion {
    private final Databoxes databoxes;
    private final Path dataRoot;

    /** @param dataRoot {@code main.storage.data}: subdef paths are relative to it */
    public RecordDeletion(Databoxes databoxes, Path dataRoot) {
        this.databoxes = databoxes;
        this.dataRoot = dataRoot;
    }

    /**
     * Delete one record and its files; return false when it no longer exists. The rows go first, in one transaction,
     * so a crash leaves at worst files without a record, removed by the next run of the file checks, never a record
     * without its files.
     */
    public boolean delete(DataboxId databox, RecordId record, String reason) {
        var db = databoxes.box(databox).jdbi();
        List<Path> files = db.inTransaction(h -> {
            List<Path> paths = h.createQuery("SELECT path, file FROM subdefs WHERE record_id = :id")
                    .bind("id", record.value())
                    .map((rs, ctx) -> dataRoot.resolve(rs.getString(1)).resolve(rs.getString(2))).list();
            int deleted = h.createUpdate("DELETE FROM records WHERE record_id = :id").bind("id", record.value()).execute();
            if (deleted == 0) return null;
            h.createUpdate("INSERT INTO record_log (record_id, action, details, created_at) VALUES (:id, 'delete', :why, :now)")
                    .bind("id", record.value()).bind("why", reason).bind("now", Instant.now()).execute();
            return paths;
        });
        if (files == null) return false;
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("record " + databox + "/" + record + " was deleted but its file " + f
                        + " could not be removed: " + e.getMessage() + ". Remove it by hand.", e);
            }
        }
        return true;
    }
}
