package org.athanor.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A box connection")
class BoxConnectionTests {

    @Nested
    @DisplayName("to an H2 file")
    class ToH2 {
        @Test
        @DisplayName("opens the file in plain H2 mode, owned by one process, closed with the pool")
        void urlHasSafeFlags() {
            BoxConnection c = BoxConnection.h2(Path.of("/data/db/appbox"));
            assertThat(c.jdbcUrl()).isEqualTo("jdbc:h2:file:/data/db/appbox;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;IFEXISTS=TRUE");
            assertThat(c.describe()).isEqualTo("h2 /data/db/appbox.mv.db");
            assertThat(c.user()).isEqualTo("sa");
        }

        @Test
        @DisplayName("refuses a relative path and says to give an absolute one")
        void refusesRelativePath() {
            assertThatThrownBy(() -> BoxConnection.h2(Path.of("db/appbox")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("h2 database path 'db/appbox' is relative: give an absolute path");
        }

        @Test
        @DisplayName("refuses a path ending with .mv.db and says to drop the suffix")
        void refusesSuffix() {
            assertThatThrownBy(() -> BoxConnection.h2(Path.of("/data/appbox.mv.db")))
                    .hasMessage("h2 database path '/data/appbox.mv.db' ends with .mv.db: give it without the suffix, H2 adds it");
        }
    }

    @Nested
    @DisplayName("to a server")
    class ToServer {
        @Test
        @DisplayName("builds the PostgreSQL and MariaDB URLs")
        void urls() {
            assertThat(BoxConnection.server(Engine.POSTGRESQL, "db.local", 5432, "athanor", "s3cret", "athanor_appbox").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://db.local:5432/athanor_appbox");
            assertThat(BoxConnection.server(Engine.MARIADB, "::1", 3306, "athanor", "", "athanor_appbox").jdbcUrl())
                    .isEqualTo("jdbc:mariadb://[::1]:3306/athanor_appbox");
        }

        @Test
        @DisplayName("describes itself without the password, in describe() and toString()")
        void neverShowsThePassword() {
            BoxConnection c = BoxConnection.server(Engine.POSTGRESQL, "127.0.0.1", 5432, "athanor", "s3cret", "athanor_appbox");
            assertThat(c.describe()).isEqualTo("postgresql athanor_appbox on 127.0.0.1:5432 as athanor");
            assertThat(c.toString()).doesNotContain("s3cret").contains("password ***");
        }

        @Test
        @DisplayName("refuses a database name with other characters than letters, digits and underscores")
        void refusesBadName() {
            assertThatThrownBy(() -> BoxConnection.server(Engine.MARIADB, "127.0.0.1", 3306, "root", "", "athanor-appbox"))
                    .hasMessage("mariadb database name 'athanor-appbox' on 127.0.0.1:3306 is not allowed: use 1 to 64 letters, digits or underscores, e.g. athanor_appbox");
        }

        @Test
        @DisplayName("refuses a port out of range and gives the engine's default")
        void refusesBadPort() {
            assertThatThrownBy(() -> BoxConnection.server(Engine.POSTGRESQL, "127.0.0.1", 70000, "u", "", "db"))
                    .hasMessage("postgresql database 'db': port 70000 is out of range 1..65535; the postgresql default is 5432");
        }

        @Test
        @DisplayName("refuses a PostgreSQL name longer than the 63 characters PostgreSQL keeps")
        void refusesLongPostgresqlName() {
            assertThatThrownBy(() -> BoxConnection.server(Engine.POSTGRESQL, "h", 5432, "u", "", "a".repeat(64)))
                    .hasMessageContaining("PostgreSQL allows at most 63, shorten it");
        }
    }

    @Test
    @DisplayName("knows the engines by their configuration names and lists them when the name is unknown")
    void enginesByName() {
        assertThat(Engine.of("PostgreSQL")).isEqualTo(Engine.POSTGRESQL);
        assertThat(Engine.of("mysql")).isEqualTo(Engine.MARIADB);
        assertThatThrownBy(() -> Engine.of("oracle"))
                .isInstanceOfSatisfying(AthanorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT))
                .hasMessage("Unknown database engine 'oracle': expected one of h2, postgresql, mariadb.");
    }
}
