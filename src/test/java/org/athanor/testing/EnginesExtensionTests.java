package org.athanor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

@DisplayName("A test on every engine")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnginesExtensionTests {
    private static final List<Engine> RUN_ON = new CopyOnWriteArrayList<>();
    private static final List<BoxConnection> MADE = new CopyOnWriteArrayList<>();
    private static final List<Path> FOLDERS = new CopyOnWriteArrayList<>();
    private Engine before;

    @BeforeEach void engineInBeforeEach(Engine engine) {
        before = engine;
    }

    @Order(1) @OnEveryEngine
    @DisplayName("runs once per listed engine, with the same engine in @BeforeEach, and a fresh database on it")
    void runsOnEachEngine(Engine engine, EngineUnderTest on) {
        assertThat(on.engine()).isEqualTo(engine).isEqualTo(before);
        BoxConnection c = on.freshDatabase();
        assertThat(c.engine()).isEqualTo(engine);
        assertThat(DatabaseServer.exists(c)).isTrue();
        RUN_ON.add(engine);
        MADE.add(c);
        FOLDERS.add(on.folder());
    }

    /** After each invocation, the databases it made are dropped and its folder deleted. */
    @AfterAll static void cleanedUp() {
        assertThat(RUN_ON).as("a listed server that cannot be reached is skipped").contains(Engine.H2)
                .isSubsetOf(TestDatabases.enabled()).doesNotHaveDuplicates();
        assertThat(MADE).noneMatch(DatabaseServer::exists);
        assertThat(FOLDERS).noneMatch(Files::exists);
    }

    @Order(2) @OnEveryServer
    @DisplayName("on servers only, runs on PostgreSQL and MariaDB but never on H2")
    void serversOnly(Engine engine) {
        assertThat(engine.isServer()).isTrue();
    }
}
