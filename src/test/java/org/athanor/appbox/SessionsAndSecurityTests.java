package org.athanor.appbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Sessions, remember-me tokens, login throttling, rights and the admin log in the appbox")
class SessionsAndSecurityTests {
    @TempDir Path dir;

    @OnEveryEngine
    @DisplayName("a session is stored as the hash of its token and seen on each touch; an unknown token opens nothing")
    void sessionIsStoredAsTheHashOfItsToken(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
        User admin = a.users().require(TestInstallation.ADMIN);
        SessionService sessions = a.sessions();

        SessionService.Opened one = sessions.open(admin.id(), "10.0.0.1", "Firefox", "admin");
        assertThat(one.session().id()).isEqualTo(Tokens.hash(one.token())).isNotEqualTo(one.token()).hasSize(64);
        assertThat(sessions.touch(one.token(), "account")).hasValueSatisfying(s -> {
            assertThat(s.login()).isEqualTo(TestInstallation.ADMIN);
            assertThat(s.module()).isEqualTo("account");
            assertThat(s.ip()).isEqualTo("10.0.0.1");
        });
        assertThat(sessions.touch("not a token", "admin")).isEmpty();
    }

    @OnEveryEngine
    @DisplayName("sessions are listed, found by a prefix of their id, and an unknown id is refused naming it")
    void sessionsAreListedAndFoundByIdPrefix(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
        User admin = a.users().require(TestInstallation.ADMIN);
        User bob = a.users().create(new UserService.NewUser("bob", null, "long enough pw", false, "en"));
        SessionService sessions = a.sessions();
        sessions.open(admin.id(), "10.0.0.1", "Firefox", "admin");
        SessionService.Opened two = sessions.open(admin.id(), "10.0.0.2", "Chromium", "admin");
        sessions.open(bob.id(), "10.0.0.3", "Safari", "account");

        assertThat(sessions.list()).hasSize(3);
        assertThat(sessions.require(two.session().id().substring(0, 10)).id()).isEqualTo(two.session().id());
        assertThatThrownBy(() -> sessions.require("deadbeefdeadbeef")).isInstanceOf(AthanorException.class)
                .hasMessageContaining("No session with id deadbeefdeadbeef");
    }

    @OnEveryEngine
    @DisplayName("a session ends when disconnected: the user's others, all of a user's, or every session")
    void sessionEndsWhenDisconnected(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
        User admin = a.users().require(TestInstallation.ADMIN);
        User bob = a.users().create(new UserService.NewUser("bob", null, "long enough pw", false, "en"));
        SessionService sessions = a.sessions();
        SessionService.Opened one = sessions.open(admin.id(), "10.0.0.1", "Firefox", "admin");
        SessionService.Opened two = sessions.open(admin.id(), "10.0.0.2", "Chromium", "admin");
        SessionService.Opened three = sessions.open(bob.id(), "10.0.0.3", "Safari", "account");

        assertThat(sessions.disconnectOthers(admin.id(), one.session().id())).isEqualTo(1);
        assertThat(sessions.touch(two.token(), "admin")).isEmpty();
        assertThat(sessions.disconnectUser(bob.id())).isEqualTo(1);
        assertThat(sessions.touch(three.token(), "admin")).isEmpty();
        assertThat(sessions.disconnectAll()).isEqualTo(1);
        assertThat(sessions.list()).isEmpty();
    }

    @OnEveryEngine
    @DisplayName("a session ends when idle too long or past its lifetime")
    void sessionEndsWhenIdleOrTooOld(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
        User bob = a.users().create(new UserService.NewUser("bob", null, "long enough pw", false, "en"));
        SessionService shortLived = new SessionService(a.appbox().jdbi(), Duration.ofSeconds(60), Duration.ofSeconds(3600));
        SessionService.Opened idle = shortLived.open(bob.id(), null, null, "account");
        a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE sessions SET last_seen = :t WHERE id = :id")
                .bind("t", Instant.now().minusSeconds(120)).bind("id", idle.session().id()).execute());
        assertThat(shortLived.touch(idle.token(), "account")).isEmpty();
        SessionService.Opened old = shortLived.open(bob.id(), null, null, "account");
        a.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE sessions SET expires_at = :t WHERE id = :id")
                .bind("t", Instant.now().minusSeconds(1)).bind("id", old.session().id()).execute());
        assertThat(shortLived.touch(old.token(), "account")).isEmpty();
        assertThat(a.sessions().list()).isEmpty();
    }

    @OnEveryEngine
    @DisplayName("a remember-me token works once, and disconnecting a user forgets their tokens")
    void rememberMeTokenWorksOnce(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
        User bob = a.users().create(new UserService.NewUser("bob", null, "long enough pw", false, "en"));

        String token = a.rememberTokens().issue(bob.id());
        assertThat(a.rememberTokens().redeem(token)).contains(bob.id());
        assertThat(a.rememberTokens().redeem(token)).isEmpty();
        String another = a.rememberTokens().issue(bob.id());
        a.sessions().disconnectUser(bob.id());
        assertThat(a.rememberTokens().redeem(another)).as("disconnecting a user forgets their tokens").isEmpty();
    }

    @OnEveryEngine
    @DisplayName("login throttling blocks a login after 5 failures from one IP, not from another; a success forgets the failures")
    void throttlingBlocksALoginAfterFiveFailuresFromOneIp(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
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
    }

    @OnEveryEngine
    @DisplayName("rights on a collection and a databox are set exactly, emptied, and an unknown right is refused naming the known ones")
    void rightsAreSetExactly(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
        User bob = a.users().create(new UserService.NewUser("bob", null, "long enough pw", false, "en"));
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
    }

    @OnEveryEngine
    @DisplayName("administrator actions are kept, newest first")
    void adminActionsAreKeptNewestFirst(EngineUnderTest on) {
        Athanor a = on.install(dir).open();
        a.adminLog().record("admin", "user.grant", "bob on collection 1", "10.0.0.1");
        a.adminLog().record("admin", "maintenance.on", null, null);
        assertThat(a.adminLog().recent(10)).extracting(AdminLog.Entry::action).containsExactly("maintenance.on", "user.grant");
    }
}
