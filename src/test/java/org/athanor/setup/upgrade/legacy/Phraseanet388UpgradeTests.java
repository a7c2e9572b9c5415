package org.athanor.setup.upgrade.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.athanor.appbox.UserService;
import org.athanor.cli.ConsoleForTests;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.setup.upgrade.LegacyImportRunner;
import org.athanor.setup.upgrade.legacy.Phraseanet388Fixture.LegacyDatabox;
import org.athanor.setup.upgrade.legacy.Phraseanet388Fixture.LegacyRecord;
import org.athanor.setup.upgrade.legacy.Phraseanet388Fixture.LegacySubdef;
import org.athanor.setup.upgrade.legacy.Phraseanet388Fixture.LegacyUser;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture (two databoxes, 500 records with stories, baskets and users; {@code -Dlegacy388.records=N} per databox
 * changes the size) upgraded in place on MariaDB, compared with the fixture's own source data.
 */
@DisplayName("Upgrading a Phraseanet 3.8.8 installation in place")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Phraseanet388UpgradeTests {
    static final int RECORDS_PER_DATABOX = Integer.getInteger("legacy388.records", 250);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path home;
    static Phraseanet388Fixture fixture;
    static Path program;
    static Path config;
    static String originalConfig;
    static List<String> applied;

    @BeforeAll static void upgrade() throws Exception {
        TestDatabases.require(Engine.MARIADB, "a Phraseanet 3.8.8 installation is a MariaDB database");
        fixture = Phraseanet388Fixture.create(home.resolve("phraseanet"), RECORDS_PER_DATABOX, "3.8.8");
        // the procedure: Athanor's program folder, with the old config/ copied into it
        program = home.resolve("athanor");
        config = program.resolve("config/configuration.yml");
        Files.createDirectories(config.getParent());
        Files.copy(fixture.configFile(), config);
        originalConfig = Files.readString(config);
        applied = LegacyImportRunner.run(config, program, "Europe/Paris");     // the 3.8.8 server ran in Paris time
    }

    @AfterAll static void drop() {
        TestDatabases.dropAll();
    }

    @Test void everyRecordKeepsItsIdsCollectionStatusTypeAndNames() throws SQLException {
        for (LegacyDatabox d : fixture.databoxes()) {
            Map<Long, Map<String, Object>> rows = new HashMap<>();
            try (Connection c = Phraseanet388Fixture.open(d.connection()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT record_id, coll_id, status, original_name, sha256, uuid, is_story, record_type, mime FROM records")) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (String col : List.of("coll_id", "status", "original_name", "sha256", "uuid", "is_story", "record_type", "mime")) {
                        row.put(col, rs.getObject(col));
                    }
                    rows.put(rs.getLong("record_id"), row);
                }
            }
            List<LegacyRecord> expected = fixture.records().stream().filter(r -> r.sbasId() == d.sbasId()).toList();
            assertThat(rows).hasSize(expected.size());
            for (LegacyRecord r : expected) {
                Map<String, Object> row = rows.get((long) r.recordId());
                assertThat(row).as("record %d of databox %d", r.recordId(), d.sbasId()).isNotNull();
                assertThat(((Number) row.get("coll_id")).intValue()).isEqualTo(r.collId());
                assertThat(((Number) row.get("status")).longValue()).as("status of %d", r.recordId()).isEqualTo(r.status());
                assertThat(row.get("original_name")).isEqualTo(r.originalName().isEmpty() ? null : r.originalName());
                assertThat(row.get("sha256")).isEqualTo(r.sha256().isEmpty() ? null : r.sha256());
                assertThat(row.get("uuid")).isEqualTo(r.uuid());
                assertThat((Boolean) row.get("is_story")).isEqualTo(r.story());
                assertThat(row.get("record_type")).isEqualTo(r.story() ? "unknown" : r.type());
            }
        }
    }

    @Test void everyCaptionValueIsKeptInItsFieldAndOrder() throws SQLException {
        for (LegacyDatabox d : fixture.databoxes()) {
            Map<Long, Map<String, List<String>>> captions = new HashMap<>();
            try (Connection c = Phraseanet388Fixture.open(d.connection()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("""
                         SELECT c.record_id, f.name, c.caption_value FROM record_captions c JOIN structure_fields f ON f.id = c.field_id
                         ORDER BY c.record_id, f.position, c.ord""")) {
                while (rs.next()) {
                    captions.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
            for (LegacyRecord r : fixture.records()) {
                if (r.sbasId() != d.sbasId()) continue;
                assertThat(captions.getOrDefault((long) r.recordId(), Map.of())).as("caption of record %d of databox %d", r.recordId(), d.sbasId())
                        .containsExactlyEntriesOf(r.captions());
            }
        }
    }

    @Test void storiesKeepTheirMembersInOrder() throws SQLException {
        int stories = 0;
        for (LegacyDatabox d : fixture.databoxes()) {
            try (Connection c = Phraseanet388Fixture.open(d.connection());
                 PreparedStatement ps = c.prepareStatement("SELECT record_id FROM story_members WHERE story_id = ? ORDER BY ord")) {
                for (LegacyRecord r : fixture.records()) {
                    if (r.sbasId() != d.sbasId() || !r.story()) continue;
                    stories++;
                    ps.setLong(1, r.recordId());
                    List<Integer> members = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) members.add(rs.getInt(1));
                    }
                    assertThat(members).as("members of story %d", r.recordId()).isEqualTo(r.members()).isNotEmpty();
                }
            }
        }
        assertThat(stories).isEqualTo(2 * (RECORDS_PER_DATABOX / 25));
    }

    @Test void subdefRowsPointAtTheSameFilesAndMissingOnesAreMarkedForRegeneration() throws Exception {
        AthanorConfig athanor = ConfigLoader.load(config);
        Path root = athanor.main().storage().data();
        assertThat(root).isEqualTo(fixture.datas());
        int checked = 0, missing = 0;
        for (LegacyDatabox d : fixture.databoxes()) {
            try (Connection c = Phraseanet388Fixture.open(d.connection());
                 PreparedStatement files = c.prepareStatement("SELECT name, path, file, size, width, height FROM subdefs WHERE record_id = ? ORDER BY name");
                 PreparedStatement pending = c.prepareStatement("SELECT subdefs_pending FROM records WHERE record_id = ?")) {
                for (LegacyRecord r : fixture.records()) {
                    if (r.sbasId() != d.sbasId()) continue;
                    Map<String, Path> rows = new HashMap<>();
                    files.setLong(1, r.recordId());
                    try (ResultSet rs = files.executeQuery()) {
                        while (rs.next()) {
                            assertThat(rs.getString("path")).as("relative folder").doesNotStartWith("/");
                            rows.put(rs.getString("name"), root.resolve(rs.getString("path")).resolve(rs.getString("file")));
                        }
                    }
                    boolean anyMissing = false;
                    for (LegacySubdef sd : r.subdefs()) {
                        if (sd.fileExists()) {
                            assertThat(rows.get(sd.name())).as("%s of record %d", sd.name(), r.recordId()).isEqualTo(sd.path());
                            assertThat(rows.get(sd.name())).isRegularFile();
                            checked++;
                        } else {
                            assertThat(rows).as("row of the missing %s of record %d", sd.name(), r.recordId()).doesNotContainKey(sd.name());
                            anyMissing = true;
                            missing++;
                        }
                    }
                    pending.setLong(1, r.recordId());
                    try (ResultSet rs = pending.executeQuery()) {
                        rs.next();
                        assertThat(rs.getBoolean(1)).as("record %d marked for regeneration", r.recordId()).isEqualTo(anyMissing);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(RECORDS_PER_DATABOX * 4);
        assertThat(missing).isPositive();
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jobs WHERE job_type = 'subdefs' AND state = 'queued'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(missing);
        }
    }

    @Test void technicalDataIsKept() throws SQLException {
        for (LegacyDatabox d : fixture.databoxes()) {
            Map<Long, Map<String, String>> technical = new HashMap<>();
            try (Connection c = Phraseanet388Fixture.open(d.connection()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT record_id, name, tech_value FROM technical_data ORDER BY record_id, name")) {
                while (rs.next()) technical.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
            }
            for (LegacyRecord r : fixture.records()) {
                if (r.sbasId() != d.sbasId()) continue;
                assertThat(technical.getOrDefault((long) r.recordId(), Map.of())).as("technical data of record %d", r.recordId())
                        .isEqualTo(r.technical());
            }
        }
    }

    @Test void recordsShowPrintsTheCaptionAs388ShowedIt() throws Exception {
        LegacyRecord r = fixture.records().stream().filter(x -> x.captions().values().stream().anyMatch(v -> v.size() > 1)
                && x.captions().values().stream().flatMap(List::stream).anyMatch(v -> v.contains("&"))).findFirst().orElseThrow();
        ConsoleForTests.Result show = ConsoleForTests.console("--config", config.toString(), "records:show",
                String.valueOf(r.sbasId()), String.valueOf(r.recordId()), "--format", "json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode json = JSON.readTree(show.out());
        Map<String, List<String>> caption = new LinkedHashMap<>();
        json.get("caption").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            caption.put(e.getKey(), values);
        });
        assertThat(caption).containsExactlyInAnyOrderEntriesOf(r.captions());
        assertThat(json.get("originalName").asText()).isEqualTo(r.originalName());
        assertThat(json.get("subdefs")).hasSize((int) r.subdefs().stream().filter(LegacySubdef::fileExists).count());
    }

    @Test void usersSignInWithTheir388PasswordsSaltedOrNotThenWithArgon2() throws Exception {
        AthanorConfig athanor = ConfigLoader.load(config);
        assertThat(athanor.main().key()).isEqualTo(Phraseanet388Fixture.MAIN_KEY);
        try (Box appbox = Box.open(BoxKind.APPBOX, "appbox", fixture.appbox())) {
            UserService users = new UserService(appbox.jdbi(), athanor.main().key());
            for (String login : List.of("alice", "bob", "admin")) {
                assertThat(users.authenticate(login, "wrong password")).as(login + " with a wrong password").isEmpty();
                assertThat(users.authenticate(login, Phraseanet388Fixture.PASSWORD)).as(login + " with the 3.8.8 password").isPresent();
                String hash = appbox.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE login = :l")
                        .bind("l", login).mapTo(String.class).one());
                assertThat(hash).as("rehashed at first sign-in").startsWith("$argon2id$");
                assertThat(users.authenticate(login, Phraseanet388Fixture.PASSWORD)).as(login + " again, argon2id").isPresent();
            }
            assertThat(users.authenticate("dave", Phraseanet388Fixture.PASSWORD)).as("locked (e-mail never confirmed)").isEmpty();
            assertThat(users.authenticate("(#deleted_carol", Phraseanet388Fixture.PASSWORD)).as("deleted").isEmpty();
            assertThat(users.authenticate("Modèle photographes", Phraseanet388Fixture.PASSWORD)).as("template").isEmpty();
        }
    }

    @Test @Order(1) void datesWrittenIn388sServerTimeZoneAreConvertedToUtc() throws SQLException {
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT created_at, last_connection FROM users WHERE login = 'alice'")) {
            rs.next();
            // usr_creationdate '2013-04-05 10:00:00' and last_conn '2014-06-01 09:30:00', Paris summer time (UTC+2)
            assertThat(rs.getObject(1, java.time.LocalDateTime.class)).isEqualTo(java.time.LocalDateTime.of(2013, 4, 5, 8, 0));
            assertThat(rs.getObject(2, java.time.LocalDateTime.class)).isEqualTo(java.time.LocalDateTime.of(2014, 6, 1, 7, 30));
        }
    }

    @Test void theImportProofFindsEveryRowOf388InAthanorAndNamesTheRecordsThatDiffer() throws Exception {
        try (org.athanor.setup.upgrade.Installation installation = org.athanor.setup.upgrade.Installation.open(config, program)) {
            ImportProof.Result equal = ImportProof.compare(installation);
            assertThat(equal.differences()).as(equal.report()).isEmpty();
            assertThat(equal.report()).contains("databox 1 (" + fixture.databoxes().get(0).connection().dbname() + "), caption values: ")
                    .containsPattern("appbox, users: (\\d+) in 3\\.8\\.8, \\1 in Athanor, checksums equal")
                    .contains("equal: every row of 3.8.8 is in Athanor, and nothing else");

            LegacyDatabox fr = fixture.databoxes().get(0);
            LegacyRecord r = fixture.records().stream().filter(x -> x.sbasId() == fr.sbasId() && !x.captions().isEmpty()).findFirst().orElseThrow();
            try (Connection c = Phraseanet388Fixture.open(fr.connection()); Statement s = c.createStatement()) {
                s.execute("UPDATE record_captions SET caption_value = CONCAT(caption_value, '!') WHERE record_id = " + r.recordId());
                try {
                    ImportProof.Result changed = ImportProof.compare(installation);
                    assertThat(changed.differences()).containsExactly("databox " + fr.sbasId() + " (" + fr.connection().dbname()
                            + "), caption values: record " + r.recordId() + " (" + captionCount(r) + " row(s) in 3.8.8, " + captionCount(r)
                            + " in Athanor, different values)");
                } finally {
                    s.execute("UPDATE record_captions SET caption_value = LEFT(caption_value, CHAR_LENGTH(caption_value) - 1) WHERE record_id = " + r.recordId());
                }
            }
            assertThat(ImportProof.compare(installation).differences()).isEmpty();
        }
    }

    private static long captionCount(LegacyRecord r) {
        return r.captions().values().stream().mapToLong(List::size).sum();
    }

    @Test void usersRightsCollectionsBasketsTasksAndLazaretAreKept() throws SQLException {
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement()) {
            for (LegacyUser u : fixture.users()) {
                try (ResultSet rs = s.executeQuery("SELECT login, email, first_name, last_name, is_admin, is_template, locked, deleted, locale FROM users WHERE id = " + u.id())) {
                    assertThat(rs.next()).as("user " + u.login()).isTrue();
                    assertThat(rs.getString("login")).isEqualTo(u.login());
                    assertThat(rs.getString("email")).isEqualTo(u.email());
                    assertThat(rs.getString("first_name")).isEqualTo(u.firstName().isEmpty() ? null : u.firstName());
                    assertThat(rs.getString("last_name")).isEqualTo(u.lastName().isEmpty() ? null : u.lastName());
                    assertThat(rs.getBoolean("is_admin")).isEqualTo(u.admin());
                    assertThat(rs.getBoolean("is_template")).isEqualTo(u.modelOf() != 0);
                    assertThat(rs.getBoolean("locked")).isEqualTo(u.mailLocked());
                    assertThat(rs.getBoolean("deleted")).isEqualTo(u.deleted());
                    assertThat(rs.getString("locale")).isEqualTo(u.locale().substring(0, 2));
                }
            }
            assertThat(one(s, "SELECT GROUP_CONCAT(CONCAT(base_id, ':', sbas_id, ':', coll_id) ORDER BY base_id) FROM collections"))
                    .isEqualTo(String.join(",", fixture.collections().stream().map(x -> x.baseId() + ":" + x.sbasId() + ":" + x.collId()).toList()));
            assertThat(one(s, "SELECT CONCAT(mask_and, '/', mask_xor, '/', access, '/', canadmin) FROM collection_rights WHERE user_id = 11 AND base_id = 4"))
                    .isEqualTo("16/16/1/0");
            assertThat(one(s, "SELECT COUNT(*) FROM collection_rights WHERE user_id = 10 AND canadmin")).isEqualTo("4");
            assertThat(one(s, "SELECT COUNT(*) FROM databox_rights WHERE user_id = 10 AND bas_manage")).isEqualTo("2");
            for (Phraseanet388Fixture.LegacyBasket b : fixture.baskets()) {
                assertThat(one(s, "SELECT CONCAT(user_id, '|', name) FROM baskets WHERE id = " + b.id())).isEqualTo(b.userId() + "|" + b.name());
                assertThat(one(s, "SELECT COUNT(*) FROM basket_elements WHERE basket_id = " + b.id())).isEqualTo(String.valueOf(b.elements().size()));
            }
            assertThat(one(s, "SELECT GROUP_CONCAT(CONCAT(id, ':', job_type, ':', configured_status) ORDER BY id) FROM tasks"))
                    .isEqualTo("1:subdefs:started,2:write-metadata:stopped,3:archive:stopped,4:null:stopped");
            assertThat(one(s, "SELECT last_error FROM tasks WHERE id = 4")).contains("task_period_cindexer has no counterpart in Athanor");
            assertThat(one(s, "SELECT COUNT(*) FROM lazaret_files WHERE checks LIKE '%Sha256%'")).isEqualTo("2");
            assertThat(fixture.datas().resolve("lazaret/lazaret-1.jpg")).isRegularFile();
            assertThat(fixture.datas().resolve("custom/minilogos/1")).isRegularFile();
        }
    }

    @Test void structureKeepsFieldsSubdefSpecsAndStatusBits() throws SQLException {
        LegacyDatabox fr = fixture.databoxes().get(0);
        try (Connection c = Phraseanet388Fixture.open(fr.connection()); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT GROUP_CONCAT(name ORDER BY position) FROM structure_fields")).isEqualTo(String.join(",", fr.fieldNames()));
            assertThat(one(s, "SELECT CONCAT(multi, src) FROM structure_fields WHERE name = 'MotsCles'")).isEqualTo("1IPTC:Keywords");
            assertThat(one(s, "SELECT CONCAT(readonly, field_type) FROM structure_fields WHERE name = 'NomDeFichier'")).isEqualTo("1text");
            assertThat(one(s, "SELECT thumbtitle FROM structure_fields WHERE name = 'Titre'")).isEqualTo("1");
            assertThat(one(s, "SELECT GROUP_CONCAT(CONCAT(id, ':', vocabulary, ':', vocabulary_restricted)) FROM structure_fields"
                    + " WHERE vocabulary IS NOT NULL")).isEqualTo(Phraseanet388Fixture.VOCABULARY_FIELD_ID + ":User:1");
            assertThat(one(s, "SELECT COUNT(*) FROM structure_fields WHERE vocabulary_restricted")).isEqualTo("1");
            assertThat(one(s, "SELECT COUNT(*) FROM structure_subdefs WHERE type_group = 'image'")).isEqualTo("4");
            assertThat(one(s, "SELECT label_on FROM structure_status_bits WHERE bit = 4")).isEqualTo("Online");
            assertThat(one(s, "SELECT label_fr FROM collections WHERE coll_id = 2")).isEqualTo("Archives été");
        }
    }

    @Test void configurationIsAthanorsAndTheOriginalIsKeptBesideIt() throws Exception {
        AthanorConfig athanor = ConfigLoader.load(config);
        assertThat(athanor.main().database().dbname()).isEqualTo(fixture.appbox().dbname());
        assertThat(athanor.languages().available()).containsExactly("fr", "en");
        assertThat(athanor.main().binaries().toString()).contains("/usr/bin/ffmpeg");
        assertThat(Files.readString(config.resolveSibling("configuration.yml.3.8.8.bak"))).isEqualTo(originalConfig);
        assertThat(Files.readString(config)).contains("Checker\\Sha256");
    }

    @Test void phraseanetTablesAreKeptAsideAndARerunChangesNothing() throws SQLException {
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT version FROM sitepreff" + LegacyTables.SUFFIX)).isEqualTo("3.8.8");
            assertThat(one(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'usr'")).isEqualTo("0");
        }
        assertThat(applied).contains("legacy388-appbox", "legacy388-records-1", "legacy388-records-3", "legacy388-configuration");
    }

    @Test @Order(Integer.MAX_VALUE) void cleanupLegacyListsThenDropsOnlyTheSetAsideTables() throws SQLException {
        ConsoleForTests.Result list = ConsoleForTests.console("--config", config.toString(), "system:cleanup-legacy");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("usr" + LegacyTables.SUFFIX).contains("record" + LegacyTables.SUFFIX)
                .contains("Run again with --yes to drop them.");
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_legacy388'"))
                    .isEqualTo(String.valueOf(LegacyTables.APPBOX.size()));
        }
        ConsoleForTests.Result drop = ConsoleForTests.console("--config", config.toString(), "system:cleanup-legacy", "--yes");
        assertThat(drop.exitCode()).as(drop.err()).isZero();
        assertThat(drop.out()).contains((LegacyTables.APPBOX.size() + 2 * LegacyTables.DATABOX.size()) + " Phraseanet table(s) dropped.");
        for (BoxConnection b : List.of(fixture.appbox(), fixture.databoxes().get(0).connection(), fixture.databoxes().get(1).connection())) {
            try (Connection c = Phraseanet388Fixture.open(b); Statement s = c.createStatement()) {
                assertThat(one(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_legacy388'"))
                        .isEqualTo("0");
                assertThat(one(s, "SELECT COUNT(*) FROM athanor_schema_history")).isNotEqualTo("0");
            }
        }
        assertThat(ConsoleForTests.console("--config", config.toString(), "system:cleanup-legacy").out()).contains("nothing to clean up");
    }

    static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
