package org.athanor.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Every table of schema version 1")
class SchemaRoundTripTests {
    private static final String UTF8 = "Été 😀 Ærø 東京";
    /** Beyond MariaDB's 64 KiB TEXT, and multi-byte. */
    private static final String LONG_TEXT = "é".repeat(100_000);
    private static final Instant WHEN = Instant.parse("2026-03-29T01:30:00.123456Z"); // a DST gap in Europe

    @OnEveryEngine
    @DisplayName("of the appbox stores and returns identities, booleans, UTC times and UTF-8 text")
    void appboxRoundTrip(Engine engine, EngineUnderTest on) {
        try (Box box = Box.open(BoxKind.APPBOX, "main", on.freshDatabase())) {
            SchemaMigrator.migrate(box);
            box.jdbi().useTransaction(h -> {
                h.createUpdate("INSERT INTO app_info (info_key, info_value) VALUES ('version', :v)").bind("v", "4.0.0").execute();
                assertThat(one(h, "SELECT info_value FROM app_info WHERE info_key = 'version'", String.class)).isEqualTo("4.0.0");

                long user = insert(h, "INSERT INTO users (login, email, is_admin, locale, created_at) VALUES (:login, 'a@b.c', TRUE, 'fr', :t)",
                        Map.of("login", UTF8, "t", WHEN));
                long second = insert(h, "INSERT INTO users (login, created_at) VALUES ('second', :t)", Map.of("t", WHEN));
                assertThat(second).isGreaterThan(user);
                assertThat(one(h, "SELECT login FROM users WHERE id = " + user, String.class)).isEqualTo(UTF8);
                assertThat(one(h, "SELECT is_admin FROM users WHERE id = " + user, Boolean.class)).isTrue();
                assertThat(one(h, "SELECT is_template FROM users WHERE id = " + user, Boolean.class)).isFalse();
                assertThat(one(h, "SELECT created_at FROM users WHERE id = " + user, Instant.class)).isEqualTo(WHEN);
                assertThat(one(h, "SELECT COUNT(*) FROM users WHERE last_connection IS NULL", Integer.class)).isEqualTo(2);

                long sbas = insert(h, "INSERT INTO databoxes (name, engine, h2_path, created_at) VALUES ('db_demo', 'h2', '/data/db', :t)", Map.of("t", WHEN));
                long base = insert(h, "INSERT INTO collections (sbas_id, coll_id) VALUES (" + sbas + ", 1)", Map.of());
                assertThat(one(h, "SELECT active FROM collections WHERE base_id = " + base, Boolean.class)).isTrue();

                h.execute("INSERT INTO collection_rights (user_id, base_id, access, canadmin, order_master, mask_and, mask_xor) VALUES (?, ?, TRUE, TRUE, TRUE, 4294967296, 16)", user, base);
                assertThat(one(h, "SELECT access FROM collection_rights WHERE user_id = " + user, Boolean.class)).isTrue();
                assertThat(one(h, "SELECT candeleterecord FROM collection_rights WHERE user_id = " + user, Boolean.class)).isFalse();
                assertThat(one(h, "SELECT mask_and FROM collection_rights WHERE user_id = " + user, Long.class)).isEqualTo(4294967296L);

                h.execute("INSERT INTO databox_rights (user_id, sbas_id, bas_manage) VALUES (?, ?, TRUE)", user, sbas);
                assertThat(one(h, "SELECT bas_chupub FROM databox_rights WHERE user_id = " + user, Boolean.class)).isFalse();

                h.createUpdate("INSERT INTO sessions (id, user_id, ip, user_agent, module, created_at, last_seen, expires_at)"
                        + " VALUES (:id, :user, '::1', :agent, 'prod', :t, :t, :t)")
                        .bind("id", "a".repeat(64)).bind("user", user).bind("agent", UTF8).bind("t", WHEN).execute();
                assertThat(one(h, "SELECT expires_at FROM sessions WHERE user_id = " + user, Instant.class)).isEqualTo(WHEN);

                long task = insert(h, "INSERT INTO tasks (name, job_type, settings, created_at) VALUES ('Subdefs', 'subdefs', :s, :t)",
                        Map.of("s", LONG_TEXT, "t", WHEN));
                assertThat(one(h, "SELECT settings FROM tasks WHERE id = " + task, String.class)).isEqualTo(LONG_TEXT);
                assertThat(one(h, "SELECT configured_status FROM tasks WHERE id = " + task, String.class)).isEqualTo("stopped");
                assertThat(one(h, "SELECT period_seconds FROM tasks WHERE id = " + task, Integer.class)).isEqualTo(10);

                assertThat(one(h, "SELECT actual_status FROM scheduler_state WHERE id = 1", String.class)).isEqualTo("stopped");
                assertThat(one(h, "SELECT paused FROM scheduler_state WHERE id = 1", Boolean.class)).isFalse();

                long job = insert(h, "INSERT INTO jobs (job_type, sbas_id, record_id, payload, state, created_at, updated_at)"
                        + " VALUES ('subdefs', 1, 9007199254740993, :p, 'queued', :t, :t)", Map.of("p", UTF8, "t", WHEN));
                assertThat(one(h, "SELECT payload FROM jobs WHERE id = " + job, String.class)).isEqualTo(UTF8);
                assertThat(one(h, "SELECT record_id FROM jobs WHERE id = " + job, Long.class)).isEqualTo(9007199254740993L);

                h.execute("DELETE FROM users WHERE id = ?", user);
                assertThat(one(h, "SELECT COUNT(*) FROM collection_rights", Integer.class)).isZero();
                assertThat(one(h, "SELECT COUNT(*) FROM sessions", Integer.class)).isZero();
            });
        }
    }

    @OnEveryEngine
    @DisplayName("of a databox stores and returns identities, booleans, UTC times and UTF-8 text")
    void databoxRoundTrip(Engine engine, EngineUnderTest on) {
        try (Box box = Box.open(BoxKind.DATABOX, "db_demo", on.freshDatabase())) {
            SchemaMigrator.migrate(box);
            box.jdbi().useTransaction(h -> {
                h.createUpdate("INSERT INTO databox_info (info_key, info_value) VALUES ('name', :v)").bind("v", UTF8).execute();
                assertThat(one(h, "SELECT info_value FROM databox_info WHERE info_key = 'name'", String.class)).isEqualTo(UTF8);

                long field = insert(h, "INSERT INTO structure_fields (name, src, multi, label_fr) VALUES ('Title', '/rdf:RDF/rdf:Description/IPTC:Headline', TRUE, :l)",
                        Map.of("l", UTF8));
                assertThat(one(h, "SELECT indexable FROM structure_fields WHERE id = " + field, Boolean.class)).isTrue();
                assertThat(one(h, "SELECT readonly FROM structure_fields WHERE id = " + field, Boolean.class)).isFalse();
                assertThat(one(h, "SELECT field_separator FROM structure_fields WHERE id = " + field, String.class)).isEqualTo(";");
                assertThat(one(h, "SELECT field_type FROM structure_fields WHERE id = " + field, String.class)).isEqualTo("string");

                long subdef = insert(h, "INSERT INTO structure_subdefs (type_group, name, subdef_class, mediatype, size, strip, options)"
                        + " VALUES ('video', 'preview', 'preview', 'video', 800, TRUE, :o)", Map.of("o", "{\"acodec\":\"libfdk_aac\"}"));
                assertThat(one(h, "SELECT options FROM structure_subdefs WHERE id = " + subdef, String.class)).isEqualTo("{\"acodec\":\"libfdk_aac\"}");
                assertThat(one(h, "SELECT downloadable FROM structure_subdefs WHERE id = " + subdef, Boolean.class)).isFalse();

                h.execute("INSERT INTO structure_status_bits (bit, label_on, label_off) VALUES (4, 'Publié', 'Non publié')");
                assertThat(one(h, "SELECT searchable FROM structure_status_bits WHERE bit = 4", Boolean.class)).isTrue();
                assertThat(one(h, "SELECT label_on FROM structure_status_bits WHERE bit = 4", String.class)).isEqualTo("Publié");

                long coll = insert(h, "INSERT INTO collections (name, created_at) VALUES ('Test', :t)", Map.of("t", WHEN));
                long record = insert(h, "INSERT INTO records (coll_id, record_type, sha256, uuid, original_name, status, subdefs_pending, created_at, modified_at)"
                        + " VALUES (:c, 'image', :sha, :uuid, :n, 2147483648, TRUE, :t, :t)",
                        Map.of("c", coll, "sha", "f".repeat(64), "uuid", "123e4567-e89b-12d3-a456-426614174000", "n", UTF8 + ".jpg", "t", WHEN));
                long story = insert(h, "INSERT INTO records (coll_id, record_type, is_story, created_at, modified_at) VALUES (:c, 'unknown', TRUE, :t, :t)",
                        Map.of("c", coll, "t", WHEN));
                assertThat(one(h, "SELECT original_name FROM records WHERE record_id = " + record, String.class)).isEqualTo(UTF8 + ".jpg");
                assertThat(one(h, "SELECT status FROM records WHERE record_id = " + record, Long.class)).isEqualTo(2147483648L);
                assertThat(one(h, "SELECT subdefs_pending FROM records WHERE record_id = " + record, Boolean.class)).isTrue();
                assertThat(one(h, "SELECT modified_at FROM records WHERE record_id = " + record, Instant.class)).isEqualTo(WHEN);
                assertThat(one(h, "SELECT record_id FROM records WHERE sha256 = '" + "f".repeat(64) + "'", Long.class)).isEqualTo(record);

                long caption = insert(h, "INSERT INTO record_captions (record_id, field_id, caption_value) VALUES (:r, :f, :v)",
                        Map.of("r", record, "f", field, "v", LONG_TEXT));
                assertThat(one(h, "SELECT caption_value FROM record_captions WHERE id = " + caption, String.class)).isEqualTo(LONG_TEXT);

                h.execute("INSERT INTO story_members (story_id, record_id, ord) VALUES (?, ?, 1)", story, record);
                assertThat(one(h, "SELECT ord FROM story_members WHERE story_id = " + story, Integer.class)).isEqualTo(1);

                h.createUpdate("INSERT INTO subdefs (record_id, name, path, file, size, mime, width, height, created_at)"
                        + " VALUES (:r, 'document', '2026/03/29', :f, 5000000000, 'image/jpeg', 6000, 4000, :t)")
                        .bind("r", record).bind("f", UTF8 + ".jpg").bind("t", WHEN).execute();
                assertThat(one(h, "SELECT size FROM subdefs WHERE record_id = " + record + " AND name = 'document'", Long.class)).isEqualTo(5_000_000_000L);

                h.execute("INSERT INTO technical_data (record_id, name, tech_value) VALUES (?, 'Width', '6000')", record);
                assertThat(one(h, "SELECT tech_value FROM technical_data WHERE record_id = " + record, String.class)).isEqualTo("6000");

                long log = insert(h, "INSERT INTO record_log (record_id, user_id, action, details, created_at) VALUES (:r, 1, 'add', :d, :t)",
                        Map.of("r", record, "d", UTF8, "t", WHEN));
                assertThat(one(h, "SELECT details FROM record_log WHERE id = " + log, String.class)).isEqualTo(UTF8);

                h.execute("DELETE FROM records WHERE record_id = ?", record);
                assertThat(one(h, "SELECT COUNT(*) FROM record_captions", Integer.class)).isZero();
                assertThat(one(h, "SELECT COUNT(*) FROM subdefs", Integer.class)).isZero();
                assertThat(one(h, "SELECT COUNT(*) FROM story_members", Integer.class)).isZero();
                assertThat(one(h, "SELECT COUNT(*) FROM record_log", Integer.class)).as("the log outlives the record").isEqualTo(1);
            });
        }
    }

    @OnEveryEngine
    @DisplayName("keeps instants in UTC whatever the JVM's time zone")
    void instantsAreUtc(Engine engine, EngineUnderTest on) {
        try (Box box = Box.open(BoxKind.DATABOX, "db_demo", on.freshDatabase())) {
            SchemaMigrator.migrate(box);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            box.jdbi().useHandle(h -> {
                h.createUpdate("INSERT INTO collections (name, created_at) VALUES ('UTC', :t)").bind("t", now).execute();
                assertThat(one(h, "SELECT created_at FROM collections", Instant.class)).isEqualTo(now);
                String stored = one(h, "SELECT CAST(created_at AS CHAR(26)) FROM collections", String.class);
                assertThat(stored.replace(' ', 'T')).startsWith(now.toString().substring(0, 19));
            });
        }
    }

    private static long insert(Handle h, String sql, Map<String, ?> binds) {
        return h.createUpdate(sql).bindMap(binds).executeAndReturnGeneratedKeys().mapTo(Long.class).one();
    }

    private static <T> T one(Handle h, String sql, Class<T> type) {
        return h.createQuery(sql).mapTo(type).one();
    }
}
