package org.athanor.setup.upgrade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;

/**
 * Installations shaped like the earlier releases, made in-process: a current installation whose schema is brought back
 * to what 4.0.0-alpha.1 (appbox 1, databox 1, no border-manager section) or 4.0.0-alpha.2 (appbox 3, databox 1) left.
 * Appbox migrations 1..3 and databox 1 are unchanged since those releases, so the tables are theirs. (The real builds
 * of those releases are the upgrade-tests harness's.)
 */
final class OldInstallations {
    private OldInstallations() {}

    /** Install on {@code engine} in {@code dir}, then shape it as {@code release} (alpha.1 or alpha.2). */
    static TestInstallation make(Releases.KnownRelease release, Engine engine, Path dir) {
        TestInstallation t = TestInstallation.install(engine, dir);
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", t.appboxConnection())) {
            appbox.jdbi().useHandle(h -> {
                for (String table : List.of("box_releases", "upgrade_lock", "upgrade_checkpoints")) h.execute("DROP TABLE " + table);
                h.execute("DELETE FROM athanor_schema_history WHERE version = '6'");
                if (release.appboxSchema().equals("1")) {
                    for (String table : List.of("admin_actions", "login_failures", "remember_tokens", "lazaret_files")) h.execute("DROP TABLE " + table);
                    h.execute("DELETE FROM athanor_schema_history WHERE version IN ('2', '3')");
                }
            });
        }
        if (release.appboxSchema().equals("1")) {
            try {
                String text = Files.readString(t.configFile(), StandardCharsets.UTF_8);
                String without = text.replaceAll("(?ms)^border-manager:.*?(?=^[a-z][^\\n]*:)", "");
                if (without.equals(text)) throw new IllegalStateException("no border-manager section to remove in " + t.configFile());
                Files.writeString(t.configFile(), without, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return t;
    }

    /**
     * Add {@code n} records without sha256 to the first databox, each with an original file in the data folder; plus one
     * whose original file is missing. Return the files' expected SHA-256, in record order (null for the missing one).
     */
    static List<String> addRecordsWithoutChecksum(TestInstallation t, int n) {
        List<String> sums = new ArrayList<>();
        try (Box db = Box.open(BoxKind.DATABOX, "db", t.databoxConnection())) {
            int coll = db.jdbi().withHandle(h -> h.createQuery("SELECT MIN(coll_id) FROM collections").mapTo(Integer.class).one());
            Path folder = t.dataPath().resolve("upgrade-fixture");
            Files.createDirectories(folder);
            for (int i = 0; i <= n; i++) {
                boolean missing = i == n;
                String file = "doc" + i + ".txt";
                if (!missing) Files.writeString(folder.resolve(file), "document " + i + " é\n", StandardCharsets.UTF_8);
                sums.add(missing ? null : BackfillRecordChecksums.sha256(folder.resolve(file)));
                Instant now = Instant.now();
                db.jdbi().useTransaction(h -> {
                    long id = h.createUpdate("""
                            INSERT INTO records (coll_id, record_type, status, subdefs_pending, metadata_pending, is_story, created_at, modified_at)
                            VALUES (:c, 'document', 0, FALSE, FALSE, FALSE, :now, :now)""")
                            .bind("c", coll).bind("now", now).executeAndReturnGeneratedKeys("record_id").mapTo(Long.class).one();
                    h.createUpdate("""
                            INSERT INTO subdefs (record_id, name, path, file, size, created_at)
                            VALUES (:id, 'document', 'upgrade-fixture', :file, 10, :now)""")
                            .bind("id", id).bind("file", file).bind("now", now).execute();
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sums;
    }
}
