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
public final class OldInstallations {
    private OldInstallations() {}

    /** Install on {@code engine} in {@code dir}, then shape it as {@code release} (alpha.1 or alpha.2). */
    public static TestInstallation make(Releases.KnownRelease release, Engine engine, Path dir) {
        TestInstallation t = TestInstallation.install(engine, dir);
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", t.appboxConnection())) {
            appbox.jdbi().useHandle(h -> {
                // appbox V10 (the jobs' dedup key, for the record-change relay) came after alpha.2 too
                h.execute(engine == Engine.MARIADB ? "DROP INDEX uq_jobs_dedup_key ON jobs" : "DROP INDEX uq_jobs_dedup_key");
                h.execute("ALTER TABLE jobs DROP COLUMN dedup_key");
                h.execute("DELETE FROM athanor_schema_history WHERE version = '10'");
                for (String table : List.of("box_releases", "upgrade_lock", "upgrade_checkpoints")) h.execute("DROP TABLE " + table);
                h.execute("DELETE FROM athanor_schema_history WHERE version = '6'");
                // appbox V9 (user names and states, baskets; the Phraseanet 3.8.8 import) came after alpha.2 too
                for (String table : List.of("basket_elements", "baskets")) h.execute("DROP TABLE " + table);
                for (String column : List.of("first_name", "last_name", "company", "locked", "deleted", "template_owner")) {
                    h.execute("ALTER TABLE users DROP COLUMN " + column);
                }
                h.execute("DELETE FROM athanor_schema_history WHERE version = '9'");
                // appbox V4 (server heartbeats) came after alpha.2
                h.execute("DROP TABLE process_heartbeats");
                h.execute("DELETE FROM athanor_schema_history WHERE version = '4'");
                if (release.appboxSchema().equals("1")) {
                    for (String table : List.of("admin_actions", "login_failures", "remember_tokens", "lazaret_files")) h.execute("DROP TABLE " + table);
                    h.execute("DELETE FROM athanor_schema_history WHERE version IN ('2', '3')");
                }
            });
        }
        try (Box databox = Box.open(BoxKind.DATABOX, "databox", t.databoxConnection())) {
            // databox V2 (the original's checksum, the ingest lock) came after alpha.2
            databox.jdbi().useHandle(h -> {
                // databox V3 (the outbox of record changes) came after alpha.2 too
                h.execute("DROP TABLE record_changes");
                h.execute("DELETE FROM athanor_schema_history WHERE version = '3'");
                h.execute(engine == Engine.MARIADB ? "DROP INDEX ix_records_original_sha256 ON records" : "DROP INDEX ix_records_original_sha256");
                h.execute("ALTER TABLE records DROP COLUMN original_sha256");
                h.execute("DELETE FROM databox_info WHERE info_key = 'ingest_lock'");
                h.execute("DELETE FROM athanor_schema_history WHERE version = '2'");
                // databox V4 (field vocabulary) came after alpha.2 too
                h.execute("ALTER TABLE structure_fields DROP COLUMN vocabulary_restricted");
                h.execute("ALTER TABLE structure_fields DROP COLUMN vocabulary");
                h.execute("DELETE FROM athanor_schema_history WHERE version = '4'");
            });
        }
        if (engine == Engine.H2) unsetH2Password(t);
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

    /** Releases before 4.0.0 gave the H2 databases no password: take it off the boxes and out of configuration.yml. */
    private static void unsetH2Password(TestInstallation t) {
        for (var c : List.of(t.appboxConnection(), t.databoxConnection())) {
            try (Box box = Box.open(BoxKind.APPBOX, "box", c)) {
                box.jdbi().useHandle(h -> h.execute("ALTER USER \"SA\" SET PASSWORD ''"));
            }
        }
        try {
            org.athanor.config.ConfigWriter.setValue(t.configFile(), org.athanor.db.EmbeddedDatabaseSecurity.PASSWORD_KEY, "");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot empty the H2 password of " + t.configFile(), e);
        }
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
