package org.athanor.setup.upgrade.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Phraseanet 3.8.8's local DATETIMEs become UTC in MariaDB as java.time converts them")
class LegacyTimeTests {
    @AfterAll static void drop() {
        TestDatabases.dropAll();
    }

    @Test void theSqlExpressionAgreesWithJavaTimeAroundEveryKindOfTransition(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestDatabases.enabled().contains(Engine.MARIADB), "MariaDB is not listed in " + TestDatabases.ENGINES_VARIABLE);
        BoxConnection c = TestDatabases.fresh(Engine.MARIADB, dir);
        List<String> mismatches = new ArrayList<>();
        List<LocalDateTime> samples = List.of(
                LocalDateTime.of(2014, 3, 30, 1, 59, 59), LocalDateTime.of(2014, 3, 30, 2, 30), LocalDateTime.of(2014, 3, 30, 3, 0),
                LocalDateTime.of(2014, 10, 26, 1, 59, 59), LocalDateTime.of(2014, 10, 26, 2, 30), LocalDateTime.of(2014, 10, 26, 3, 0),
                LocalDateTime.of(2014, 3, 9, 2, 30), LocalDateTime.of(2014, 11, 2, 1, 30),           // New York's changes
                LocalDateTime.of(2013, 4, 5, 10, 0), LocalDateTime.of(2014, 6, 1, 9, 30), LocalDateTime.of(1975, 1, 1, 12, 0),
                LocalDateTime.of(1999, 12, 31, 23, 59, 59), LocalDateTime.of(2026, 1, 15, 8, 0));
        try (Connection db = Phraseanet388Fixture.open(c)) {
            for (String id : List.of("Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")) {
                ZoneId zone = ZoneId.of(id);
                String sql = "SELECT " + LegacyTime.toUtc("t.d", zone) + " FROM (SELECT CAST(? AS DATETIME) AS d) t";
                for (LocalDateTime local : samples) {
                    try (PreparedStatement ps = db.prepareStatement(sql)) {
                        ps.setString(1, local.toString().replace('T', ' '));
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            LocalDateTime got = rs.getObject(1, LocalDateTime.class);
                            LocalDateTime want = local.atZone(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
                            if (!want.equals(got)) mismatches.add(id + " " + local + ": expected " + want + ", was " + got);
                        }
                    }
                }
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT " + LegacyTime.toUtc("t.d", ZoneId.of("Europe/Paris"))
                    + " FROM (SELECT CAST(NULL AS DATETIME) AS d) t"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getObject(1)).as("NULL stays NULL").isNull();
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
