package org.athanor.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The database server")
class DatabaseServerTests {
    @TempDir
    Path temp;

    @OnEveryEngine
    @DisplayName("creates a database once, sees it empty, then filled, and drops it")
    void lifecycle(Engine engine, EngineUnderTest on) throws IOException {
        BoxConnection c = on.freshDatabase();
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

    @OnEveryEngine
    @DisplayName("creates server databases in UTF-8 (utf8mb4 on MariaDB)")
    void createsUtf8(Engine engine, EngineUnderTest on) {
        BoxConnection c = on.freshDatabase();
        if (!engine.isServer()) return;
        try (Box box = Box.open(BoxKind.APPBOX, "main", c)) {
            String charset = box.jdbi().withHandle(h -> h.createQuery(engine == Engine.POSTGRESQL
                    ? "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
                    : "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")
                    .mapTo(String.class).one());
            assertThat(charset).isEqualTo(engine == Engine.POSTGRESQL ? "UTF8" : "utf8mb4 utf8mb4_unicode_ci");
        }
    }

    @OnEveryEngine
    @DisplayName("tells the server's product and version")
    void serverVersion(Engine engine, EngineUnderTest on) {
        BoxConnection c = on.freshDatabase();
        String expected = engine == Engine.H2 ? "H2 2." : engine == Engine.POSTGRESQL ? "PostgreSQL " : "MariaDB ";
        assertThat(DatabaseServer.serverVersion(c)).startsWith(expected);
    }
}
