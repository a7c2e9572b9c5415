package org.athanor.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.OnEveryServer;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A box")
class BoxTests {
    @OnEveryEngine
    @DisplayName("opens a pool and a Jdbi on its database")
    void opens(Engine engine, EngineUnderTest on) {
        BoxConnection c = on.freshDatabase();
        try (Box box = Box.open(BoxKind.DATABOX, "db_demo", c)) {
            assertThat(box.kind()).isEqualTo(BoxKind.DATABOX);
            assertThat(box.name()).isEqualTo("db_demo");
            assertThat(box.engine()).isEqualTo(engine);
            assertThat(box.connection()).isEqualTo(c);
            int one = box.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            assertThat(one).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("whose server does not answer")
    class Unreachable {
        @OnEveryServer
        @DisplayName("is refused with DATABASE_UNREACHABLE naming the box, the address and the settings to check")
        void wrongPort(Engine engine) {
            BoxConnection usual = TestDatabases.server(engine, "athanor_nowhere");
            BoxConnection c = BoxConnection.server(engine, usual.host(), 1, usual.user(), usual.password(), usual.dbname());
            assertThatThrownBy(() -> Box.open(BoxKind.APPBOX, "main", c))
                    .isInstanceOfSatisfying(AthanorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNREACHABLE))
                    .hasMessageStartingWith("Cannot open appbox 'main' (" + engine.id() + " athanor_nowhere on 127.0.0.1:1 as ")
                    .hasMessageContaining("no " + engine.id() + " server at 127.0.0.1:1 answers")
                    .hasMessageEndingWith("start the server, or check main.database.host and main.database.port in config/configuration.yml");
        }
    }

    @Nested
    @DisplayName("with wrong credentials")
    class WrongCredentials {
        @Test
        @DisplayName("says to check the user and password, on PostgreSQL")
        void wrongPasswordOnPostgresql() {
            SQLException refused = new SQLException("FATAL: password authentication failed for user \"athanor\"", "28P01");
            BoxConnection c = BoxConnection.server(Engine.POSTGRESQL, "127.0.0.1", 5432, "athanor", "wrong", "athanor_appbox");
            AthanorException e = ConnectionFailures.unreachable("appbox 'main'", c, ConnectionFailures.Settings.of(BoxKind.APPBOX, "main"), refused);
            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNREACHABLE);
            assertThat(e).hasMessage("Cannot open appbox 'main' (postgresql athanor_appbox on 127.0.0.1:5432 as athanor): "
                    + "password authentication failed for user \"athanor\": check main.database.user and main.database.password in config/configuration.yml");
        }

        @OnEveryServer
        @DisplayName("says to check the user and password, on a real server refusing them")
        void refusedByServer(Engine engine, EngineUnderTest on) {
            BoxConnection good = on.freshDatabase();
            // PostgreSQL here trusts local connections whatever the password: an unknown role is refused all the same.
            BoxConnection bad = BoxConnection.server(engine, good.host(), good.port(),
                    engine == Engine.POSTGRESQL ? "athanor_no_such_role" : good.user(), "wrong-password", good.dbname());
            assertThatThrownBy(() -> Box.open(BoxKind.DATABOX, "db_demo", bad))
                    .isInstanceOfSatisfying(AthanorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNREACHABLE))
                    .hasMessageStartingWith("Cannot open databox 'db_demo' (" + bad.describe() + "): ")
                    .hasMessageContaining("check the user and password registered for databox 'db_demo' in the appbox");
        }
    }

    @OnEveryServer
    @DisplayName("whose database does not exist says to create it")
    void missingDatabase(Engine engine) {
        BoxConnection c = TestDatabases.server(engine, "athanor_missing_db");
        assertThatThrownBy(() -> Box.open(BoxKind.APPBOX, "main", c))
                .hasMessageContaining("database 'athanor_missing_db' does not exist on the " + engine.id() + " server at " + c.address())
                .hasMessageEndingWith("or check main.database.dbname in config/configuration.yml");
    }
}
