package org.athanor.appbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.athanor.Athanor;
import org.athanor.AthanorException;
import org.athanor.databox.BaseId;
import org.athanor.databox.DataboxId;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Sessions, remember-me tokens, login throttling, rights and the admin log in the appbox")
class SessionsAndSecurityTests {
    private static final String ENGINES = "org.athanor.testing.TestDatabases#engines";

    @TempDir Path dir;

    @ParameterizedTest(name = "on {0}") @MethodSource(ENGINES)
    @DisplayName("a session is stored as the hash of its token, seen on each touch, and ends when disconnected, idle or too old")
    void sessions(Engine engine) {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            User admin = a.users().require(TestInstallation.ADMIN);
            User bob = a.users().create(new UserService.NewUser("bob", null, "long enough pw", false, "en"));
            SessionService sessions = a.sessions();

            SessionService.Opened one = sessions.open(admin.id(), "10.0.0.1", "Firefox", "admin");
            assertThat(one.session().id()).isEqualTo(Tokens.hash(one.token())).isNotEqualTo(one.token()).hasSize(64);
            assertThat(sessions.touch(one.token(), "account")).hasValueSatisfying(s -> {
                assertThat(s.login()).isEqualTo(TestInstallation.ADMIN);
                assertThat(s.module()).isEqualTo("account");
                assertThat(s.ip()).isEqualTo("10.0.0.1");
            });
            assertThat(sessions.touch("not a token", "admin")).isEmpty();

            SessionService.Opened two = sessions.open(admin.id(), "10.0.0.2", "Chromium", "admin");
            SessionService.Opened three = sessions.open(bob.id(), "10.0.0.3", "Safari", "account");
            assertThat(sessions.list()).hasSize(3);
            assertThat(sessions.require(two.session().id().substring(0, 10)).id()).isEqualTo(two.session().id());
            assertThatThrownBy(() -> sessions.require("deadbeefdeadbeef")).isInstanceOf(AthanorException.class)
                    .hasMessageContaining("No session with id deadbeefdeadbeef");

            assertThat(sessions.disconnectOthers(admin.id(), one.session().id())).isEqualTo(1);
            assertThat(sessions.touch(two.token(), "admin")).isEmpty();
            assertThat(sessions.disconnectUser(bob.id())).isEqualTo(1);
            assertThat(sessions.touch(three.token(), "admin")).isEmpty();
            assertThat(sessions.disconnectAll()).isEqualTo(1);
            assertThat(sessions.list()).isEmpty();

            SessionService shortLived = new SessionService(a.appbox().jdbi(), Duration.ofSeconds(60), Duration.ofSeconds(3600));
            SessionService.Opened idle = shortLived.open(bob.id(), null, null, "account");
            a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE sessions SET last_seen = :t WHERE id = :id")
                    .bind("t", Instant.now().minusSeconds(120)).bind("id", idle.session().id()).execute());
            assertThat(shortLived.touch(idle.token(), "account")).isEmpty();
            SessionService.Opened old = shortLived.open(bob.id(), null, null, "account");
            a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE sessions SET expires_at = :t WHERE id = :id")
                    .bind("t", Instant.now().minusSeconds(1)).bind("id", old.session().id()).execute());
            assertThat(shortLived.touch(old.token(), "account")).isEmpty();
            assertThat(sessions.list()).isEmpty();
        }
    }

    @ParameterizedTest(name = "on {0}") @MethodSource(ENGINES)
    @DisplayName("remember-me tokens work once; throttling blocks a login after 5 failures from one IP; rights are set exactly; admin actions are kept")
    void rememberThrottleRightsLog(Engine engine) {
        try (TestInstallation t = TestInstallation.install(engine, dir)) {
            Athanor a = t.open();
            User bob = a.users().create(new UserService.NewUser("bob", null, "long enough pw", false, "en"));

            String token = a.rememberTokens().issue(bob.id());
            assertThat(a.rememberTokens().redeem(token)).contains(bob.id());
            assertThat(a.rememberTokens().redeem(token)).isEmpty();
            String another = a.rememberTokens().issue(bob.id());
            a.sessions().disconnectUser(bob.id());
            assertThat(a.rememberTokens().redeem(another)).as("disconnecting a user forgets their tokens").isEmpty();

            LoginThrottle throttle = a.loginThrottle();
            for (int i = 0; i < LoginThrottle.MAX_PER_LOGIN - 1; i++) throttle.begin("Bob", "10.0.0.9").orElseThrow().failed();
            throttle.begin("bob", "10.0.0.9").orElseThrow().succeeded();
            assertThat(throttle.blocked("bob", "10.0.0.9")).as("a success forgets the failures").isFalse();
            for (int i = 0; i < LoginThrottle.MAX_PER_LOGIN; i++) {
                assertThat(throttle.blocked("Bob", "10.0.0.9")).isFalse();
                throttle.begin("Bob", "10.0.0.9").orElseThrow().failed();
            }
            assertThat(throttle.blocked("bob", "10.0.0.9")).isTrue();
            assertThat(throttle.begin("bob", "10.0.0.9")).as("refused, and the refusal is not counted").isEmpty();
            assertThat(throttle.blocked("bob", "10.0.0.10")).as("another IP").isFalse();
            throttle.begin("bob", "10.0.0.10").orElseThrow().succeeded();

            BaseId test = a.collections().list().get(0).baseId();
            DataboxId box = a.databoxes().list().get(0).id();
            a.rights().set(bob.id(), test, Set.of("access", "candwnldpreview"));
            a.rights().set(bob.id(), box, Set.of("bas_manage"));
            assertThat(a.rights().has(bob.id(), test, "access")).isTrue();
            assertThat(a.rights().has(bob.id(), test, "canadmin")).isFalse();
            assertThat(a.rights().collectionRights(bob.id())).singleElement()
                    .satisfies(g -> assertThat(g.flags()).containsExactlyInAnyOrder("access", "candwnldpreview"));
            assertThat(a.rights().databoxRights(bob.id())).singleElement().satisfies(g -> assertThat(g.flags()).containsExactly("bas_manage"));
            a.rights().set(bob.id(), test, Set.of());
            assertThat(a.rights().collectionRights(bob.id())).isEmpty();
            assertThatThrownBy(() -> a.rights().set(bob.id(), test, Set.of("fly"))).isInstanceOf(AthanorException.class)
                    .hasMessageStartingWith("'fly' is not a collection right: use some of access, canputinalbum");

            a.adminLog().record("admin", "user.grant", "bob on collection 1", "10.0.0.1");
            a.adminLog().record("admin", "maintenance.on", null, null);
            assertThat(a.adminLog().recent(10)).extracting(AdminLog.Entry::action).containsExactly("maintenance.on", "user.grant");
        }
    }
}
