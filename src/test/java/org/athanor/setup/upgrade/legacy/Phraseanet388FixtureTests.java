package org.athanor.setup.upgrade.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.athanor.db.Engine;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Phraseanet 3.8.8 fixture is a genuine 3.8.8 installation")
class Phraseanet388FixtureTests {
    @TempDir static Path home;
    static Phraseanet388Fixture fixture;

    @BeforeAll static void generate() {
        TestDatabases.require(Engine.MARIADB, "a Phraseanet 3.8.8 installation is a MariaDB database");
        fixture = Phraseanet388Fixture.create(home, 60, "3.8.8");
    }

    @AfterAll static void drop() {
        TestDatabases.dropAll();
    }

    @Test void appboxHoldsEveryTableOf388WithItsDefaultRowsAndTheVersion() throws SQLException {
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT version FROM sitepreff WHERE id = 1")).isEqualTo("3.8.8");
            assertThat(one(s, "SELECT COUNT(*) FROM usr WHERE usr_login IN ('autoregister', 'invite')")).isEqualTo("2");
            assertThat(one(s, "SELECT COUNT(*) FROM api_applications")).isEqualTo("2");
            for (String table : new String[] {"task2", "Baskets", "BasketElements", "LazaretFiles", "Sessions", "StoryWZ", "ValidationSessions", "UsrLists"}) {
                assertThat(one(s, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '" + table + "'"))
                        .as(table).isEqualTo("1");
            }
        }
    }

    @Test void passwordsAreStoredAs388HashesThem() throws SQLException {
        try (Connection c = Phraseanet388Fixture.open(fixture.appbox()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT usr_login, usr_password, salted_password, nonce FROM usr WHERE usr_login IN ('alice', 'bob')")) {
            int seen = 0;
            while (rs.next()) {
                seen++;
                String expected = rs.getInt("salted_password") == 1
                        ? Phraseanet388Fixture.hmacSha512(Phraseanet388Fixture.PASSWORD + rs.getString("nonce"), Phraseanet388Fixture.MAIN_KEY)
                        : Phraseanet388Fixture.sha256(Phraseanet388Fixture.PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(rs.getString("usr_password")).as(rs.getString("usr_login")).isEqualTo(expected).hasSize(rs.getInt("salted_password") == 1 ? 128 : 64);
            }
            assertThat(seen).isEqualTo(2);
        }
    }

    @Test void databoxesHoldRecordsCaptionsStoriesAndSubdefsOnDisk() throws Exception {
        for (Phraseanet388Fixture.LegacyDatabox d : fixture.databoxes()) {
            try (Connection c = Phraseanet388Fixture.open(d.connection()); Statement s = c.createStatement()) {
                assertThat(one(s, "SELECT value FROM pref WHERE prop = 'version'")).isEqualTo("3.8.8");
                assertThat(one(s, "SELECT value FROM pref WHERE prop = 'structure'")).contains("<description>").contains(fixture.datas().toString());
                assertThat(one(s, "SELECT COUNT(*) FROM record")).isEqualTo("60");
                assertThat(one(s, "SELECT COUNT(*) FROM record WHERE parent_record_id = 1")).isEqualTo("2");
                assertThat(Integer.parseInt(one(s, "SELECT COUNT(*) FROM regroup"))).isGreaterThan(0);
                assertThat(Integer.parseInt(one(s, "SELECT COUNT(*) FROM metadatas"))).isGreaterThan(60 * 4);
                assertThat(one(s, "SELECT COUNT(*) FROM metadatas_structure")).isEqualTo(String.valueOf(d.fieldNames().size()));
            }
        }
        long present = fixture.records().stream().flatMap(r -> r.subdefs().stream()).filter(sd -> Files.isRegularFile(sd.path())).count();
        long expected = fixture.records().stream().flatMap(r -> r.subdefs().stream()).filter(Phraseanet388Fixture.LegacySubdef::fileExists).count();
        assertThat(present).isEqualTo(expected).isGreaterThan(200);
        assertThat(Files.readString(fixture.configFile())).contains("key: '" + Phraseanet388Fixture.MAIN_KEY + "'").contains("dbname: " + fixture.appbox().dbname());
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
