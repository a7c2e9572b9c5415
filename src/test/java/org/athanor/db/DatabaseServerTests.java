package org.athanor.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The database server")
class DatabaseServerTests {
    private static final String ENGINES = "org.athanor.testing.TestDatabases#engines";

    @TempDir
    Path temp;

    @AfterAll
    static void dropDatabases() {
        TestDatabases.dropAll();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource(ENGINES)
    @DisplayName("creates a database once, sees it empty, then filled, and drops it")
    void lifecycle(Engine engine) throws IOException {
        BoxConnection c = TestDatabases.fresh(engine, temp);
        DatabaseServer.drop(c);
        assertThat(DatabaseServer.exists(c)).isFalse();
        assertThat(DatabaseServer.isEmpty(c)).as("a missing database counts as empty").isTrue();

        DatabaseServer.createIfMissing(c);
        DatabaseServer.createIfMissing(c);
        try (Box box = Box.open(BoxKind.DATABOX, "db_demo", c)) {
            assertThat(DatabaseServer.exists(c)).isTrue();
            assertThat(DatabaseServer.isEmpty(c)).isTrue();
            box.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id INT)"));
            assertThat(DatabaseServer.isEmpty(c)).isFalse();
        }
        DatabaseServer.drop(c);
        assertThat(DatabaseServer.exists(c)).isFalse();
        if (engine == Engine.H2) assertThat(Files.list(temp)).isEmpty();
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource(ENGINES)
    @DisplayName("creates server databases in UTF-8 (utf8mb4 on MariaDB)")
    void createsUtf8(Engine engine) {
        BoxConnection c = TestDatabases.fresh(engine, temp);
        if (!engine.isServer()) return;
        try (Box box = Box.open(BoxKind.APPBOX, "main", c)) {
            String charset = box.jdbi().withHandle(h -> h.createQuery(engine == Engine.POSTGRESQL
                    ? "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
                    : "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")
                    .mapTo(String.class).one());
            assertThat(charset).isEqualTo(engine == Engine.POSTGRESQL ? "UTF8" : "utf8mb4 utf8mb4_unicode_ci");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource(ENGINES)
    @DisplayName("tells the server's product and version")
    void serverVersion(Engine engine) {
        BoxConnection c = TestDatabases.fresh(engine, temp);
        String expected = engine == Engine.H2 ? "H2 2." : engine == Engine.POSTGRESQL ? "PostgreSQL " : "MariaDB ";
        assertThat(DatabaseServer.serverVersion(c)).startsWith(expected);
    }
}
