package org.athanor.setup.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.jdbi.v3.core.Jdbi;

/**
 * Data migration: give every record that has an original document but no {@code sha256} its checksum, read from the
 * file (the border manager's duplicate check and the upgrade proof rely on it). Records are taken in record_id order
 * after the checkpoint; a record whose original is missing keeps its NULL and is counted in the log.
 */
final class BackfillRecordChecksums extends BatchDataMigration {
    private final int sbasId;

    BackfillRecordChecksums(int sbasId) {
        this.sbasId = sbasId;
    }

    @Override
    public String name() {
        return "record-checksums-" + sbasId;
    }

    private Jdbi db(Installation installation) {
        return installation.databox(sbasId).orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND,
                "databox sbas_id " + sbasId + " is not open in this upgrade")).box().jdbi();
    }

    @Override
    protected long remaining(Installation installation, long after) {
        return db(installation).withHandle(h -> h.createQuery("""
                SELECT COUNT(*) FROM records r
                WHERE r.sha256 IS NULL AND r.is_story = FALSE AND r.record_id > :after
                  AND EXISTS (SELECT 1 FROM subdefs s WHERE s.record_id = r.record_id AND s.name = 'document')""")
                .bind("after", after).mapTo(Long.class).one());
    }

    private record Original(long recordId, String path, String file) {}

    @Override
    protected OptionalLong migrateBatch(Installation installation, long after, int size) {
        Jdbi db = db(installation);
        List<Original> batch = db.withHandle(h -> h.createQuery("""
                SELECT r.record_id, s.path, s.file FROM records r JOIN subdefs s ON s.record_id = r.record_id AND s.name = 'document'
                WHERE r.sha256 IS NULL AND r.is_story = FALSE AND r.record_id > :after
                ORDER BY r.record_id""")
                .bind("after", after).setMaxRows(size)
                .map((rs, ctx) -> new Original(rs.getLong("record_id"), rs.getString("path"), rs.getString("file"))).list());
        if (batch.isEmpty()) return OptionalLong.empty();
        Path data = installation.dataPath();
        int missing = 0;
        String[] sums = new String[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Path file = data.resolve(batch.get(i).path()).resolve(batch.get(i).file());
            if (Files.isRegularFile(file)) sums[i] = sha256(file);
            else missing++;
        }
        db.useTransaction(h -> {
            for (int i = 0; i < batch.size(); i++) {
                if (sums[i] == null) continue;
                h.createUpdate("UPDATE records SET sha256 = :s WHERE record_id = :id AND sha256 IS NULL")
                        .bind("s", sums[i]).bind("id", batch.get(i).recordId()).execute();
            }
        });
        if (missing > 0) {
            installation.log().line(name() + ": " + missing + " record(s) up to record_id " + batch.get(batch.size() - 1).recordId()
                    + " have no original file in " + data + "; their sha256 stays empty");
        }
        return OptionalLong.of(batch.get(batch.size() - 1).recordId());
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot read " + file + " to compute its checksum: " + e.getMessage()
                    + ". Check that the data folder is readable by the user running the upgrade, then run it again.", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
