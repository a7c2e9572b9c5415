package org.athanor.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.ids.BaseId;
import org.athanor.db.Timestamps;
import org.athanor.storage.DocumentStorage;
import org.jdbi.v3.core.Jdbi;

/**
 * The quarantine of documents that failed a border check: rows in the appbox, files kept by the
 * {@link DocumentStorage} (under {@code main.storage.lazaret} for a local one).
 */
public final class Lazaret {
    private final Jdbi appbox;
    private final DocumentStorage storage;

    public Lazaret(Jdbi appbox, DocumentStorage storage) {
        this.appbox = appbox;
        this.storage = storage;
    }

    /** One quarantined document. */
    public record Entry(long id, BaseId baseId, String originalName, Path file, String sha256, String uuid, String mime,
                        long size, long status, List<String> checks, Instant createdAt) {}

    /**
     * Keep a copy of {@code source} and record why it was held back; return the lazaret id.
     *
     * @throws AthanorException with code IO when the copy fails (nothing is left behind)
     */
    public long add(BaseId baseId, Path source, String originalName, String sha256, String uuid, String mime, String extension,
                    long status, List<String> checks, Long userId, Instant now) {
        String stored = storage.quarantine(source, extension);
        try {
            return appbox.withHandle(h -> h.createUpdate("""
                    INSERT INTO lazaret_files (base_id, original_name, stored_file, sha256, uuid, mime, size, status, checks, user_id, created_at)
                    VALUES (:base, :name, :file, :sha, :uuid, :mime, :size, :status, :checks, :user, :now)""")
                    .bind("base", baseId.value()).bind("name", originalName).bind("file", stored).bind("sha", sha256).bind("uuid", uuid)
                    .bind("mime", mime).bind("size", fileSize(source)).bind("status", status)
                    .bind("checks", String.join("\n", checks)).bindByType("user", userId, Long.class).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        } catch (RuntimeException e) {
            try {
                storage.deleteQuarantined(stored);
            } catch (RuntimeException ignored) {
                // the row failed; a stray copy in the lazaret folder is harmless
            }
            throw e;
        }
    }

    /** Return the quarantined documents, oldest first. */
    public List<Entry> list() {
        return appbox.withHandle(h -> h.createQuery("SELECT * FROM lazaret_files ORDER BY id")
                .map((rs, ctx) -> new Entry(rs.getLong("id"), new BaseId(rs.getInt("base_id")), rs.getString("original_name"),
                        storage.quarantined(rs.getString("stored_file")), rs.getString("sha256"), rs.getString("uuid"), rs.getString("mime"),
                        rs.getLong("size"), rs.getLong("status"), List.of(rs.getString("checks").split("\n")),
                        Timestamps.instant(rs, "created_at")))
                .list());
    }

    /** The size of the document as it was given (its copy in the lazaret is the same bytes). */
    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
