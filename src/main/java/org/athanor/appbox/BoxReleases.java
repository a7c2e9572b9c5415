package org.athanor.appbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.athanor.core.ReleaseVersion;
import org.athanor.db.BoxKind;
import org.jdbi.v3.core.Jdbi;

/**
 * The release that last wrote each box and its schema version, in the appbox table {@code box_releases} (appbox
 * schema 6): one row for the appbox ({@code box_kind = 'appbox', sbas_id = 0}) and one per databox. Written by
 * {@code system:install}, {@code databox:create} and {@code system:upgrade}; read by the upgrade's detection.
 */
public final class BoxReleases {
    private final Jdbi appbox;

    public BoxReleases(Jdbi appbox) {
        this.appbox = appbox;
    }

    /** Return the key of a box in {@link #readAll()}: {@code appbox:0}, {@code databox:<sbas_id>}. */
    public static String key(BoxKind kind, int sbasId) {
        return kind.folder() + ":" + (kind == BoxKind.APPBOX ? 0 : sbasId);
    }

    /** Return every recorded release by {@link #key}. */
    public Map<String, ReleaseVersion> readAll() {
        Map<String, ReleaseVersion> map = new HashMap<>();
        appbox.useHandle(h -> h.createQuery("SELECT box_kind, sbas_id, release_version FROM box_releases")
                .map((rs, ctx) -> Map.entry(rs.getString("box_kind") + ":" + rs.getInt("sbas_id"),
                        ReleaseVersion.parse(rs.getString("release_version"))))
                .forEach(e -> map.put(e.getKey(), e.getValue())));
        return map;
    }

    /** Record that {@code release} wrote the box, now at {@code schema} (insert or replace). */
    public void record(BoxKind kind, int sbasId, ReleaseVersion release, String schema) {
        int id = kind == BoxKind.APPBOX ? 0 : sbasId;
        appbox.useTransaction(h -> {
            Instant now = Instant.now();
            int n = h.createUpdate("""
                    UPDATE box_releases SET release_version = :r, schema_version = :s, written_at = :t
                    WHERE box_kind = :k AND sbas_id = :id""")
                    .bind("r", release.toString()).bind("s", schema).bind("t", now).bind("k", kind.folder()).bind("id", id).execute();
            if (n == 0) {
                h.createUpdate("""
                        INSERT INTO box_releases (box_kind, sbas_id, release_version, schema_version, written_at)
                        VALUES (:k, :id, :r, :s, :t)""")
                        .bind("r", release.toString()).bind("s", schema).bind("t", now).bind("k", kind.folder()).bind("id", id).execute();
            }
        });
    }

    /** Return whether the box's recorded release and schema are exactly these. */
    public boolean isRecorded(BoxKind kind, int sbasId, ReleaseVersion release, String schema) {
        int id = kind == BoxKind.APPBOX ? 0 : sbasId;
        return appbox.withHandle(h -> h.createQuery("""
                SELECT release_version, schema_version FROM box_releases WHERE box_kind = :k AND sbas_id = :id""")
                .bind("k", kind.folder()).bind("id", id)
                .map((rs, ctx) -> release.toString().equals(rs.getString("release_version")) && schema.equals(rs.getString("schema_version")))
                .findOne().orElse(false));
    }
}
