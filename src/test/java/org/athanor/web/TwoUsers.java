package org.athanor.web;

import java.nio.file.Path;
import org.athanor.Athanor;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;

/** An H2 installation with its administrator and a user {@code bob}, and the before-handlers built on it. */
final class TwoUsers implements AutoCloseable {
    final TestInstallation installation;
    final Athanor athanor;
    final User admin;
    final User bob;

    TwoUsers(Path dir) {
        installation = TestInstallation.install(Engine.H2, dir);
        athanor = installation.open();
        admin = athanor.users().require(TestInstallation.ADMIN);
        bob = athanor.users().create(new UserService.NewUser("bob", null, "bob's long password", false, "en"));
    }

    /** Open a session for {@code u}, as signing in does. */
    SessionService.Opened open(User u) {
        return athanor.sessions().open(u.id(), "127.0.0.1", "tests", "account");
    }

    /** A {@code Cookie} header value carrying a new session of {@code u}. */
    String signedIn(User u) {
        return SessionLoader.SESSION_COOKIE + "=" + open(u).token();
    }

    SessionLoader sessionLoader() {
        return new SessionLoader(athanor.sessions(), athanor.rememberTokens(), athanor.users(), WebServer.ROUTE_GROUPS);
    }

    Csrf csrf() {
        return new Csrf(athanor.config().main().key());
    }

    Views views() {
        return new Views(athanor::config, csrf());
    }

    @Override public void close() {
        installation.close();
    }
}
