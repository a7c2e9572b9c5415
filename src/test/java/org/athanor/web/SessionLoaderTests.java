package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.athanor.appbox.SessionService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SessionLoader finds who is signed in")
class SessionLoaderTests {
    @TempDir static Path dir;
    static TwoUsers users;
    static BeforeHandlerServer server;

    @BeforeAll static void start() {
        users = new TwoUsers(dir);
        server = new BeforeHandlerServer(users.sessionLoader());
    }

    @AfterAll static void stop() {
        server.close();
        users.close();
    }

    private static List<String> setCookies(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie");
    }

    @Test @DisplayName("a live session cookie signs the visitor in, and the session records the module used (admin, api, account)")
    void liveSession() throws Exception {
        SessionService.Opened bob = users.open(users.bob);
        assertThat(server.get("/admin/users", "Cookie", "athanor_session=" + bob.token()).body()).endsWith("user=bob");
        assertThat(users.athanor.sessions().find(bob.session().id()).orElseThrow().module()).isEqualTo("admin");
        assertThat(server.get("/about", "Cookie", "athanor_session=" + bob.token()).body()).endsWith("user=bob");
        assertThat(users.athanor.sessions().find(bob.session().id()).orElseThrow().module()).isEqualTo("account");
    }

    @Test @DisplayName("an unknown or ended session cookie is removed from the browser, and the visitor is anonymous")
    void deadSession() throws Exception {
        SessionService.Opened bob = users.open(users.bob);
        users.athanor.sessions().disconnect(bob.session().id());
        HttpResponse<String> r = server.get("/account", "Cookie", "athanor_session=" + bob.token());
        assertThat(r.body()).endsWith("user=-");
        assertThat(setCookies(r)).anySatisfy(c -> assertThat(c).startsWith("athanor_session=;").contains("Expires=Thu, 01 Jan 1970"));
    }

    @Test @DisplayName("\"remember me\" opens a new session and replaces its own token, which then works no more")
    void rememberMe() throws Exception {
        String token = users.athanor.rememberTokens().issue(users.bob.id());
        HttpResponse<String> r = server.get("/account", "Cookie", "athanor_remember=" + token);
        assertThat(r.body()).endsWith("user=bob");
        assertThat(setCookies(r)).anySatisfy(c -> assertThat(c).startsWith("athanor_session=").doesNotStartWith("athanor_session=;").contains("HttpOnly"));
        assertThat(setCookies(r)).anySatisfy(c -> assertThat(c).startsWith("athanor_remember=").doesNotStartWith("athanor_remember=" + token + ";"));

        HttpResponse<String> again = server.get("/account", "Cookie", "athanor_remember=" + token);
        assertThat(again.body()).endsWith("user=-");
        assertThat(setCookies(again)).anySatisfy(c -> assertThat(c).startsWith("athanor_remember=;").contains("Expires=Thu, 01 Jan 1970"));
    }

    @Test @DisplayName("the machines' paths (/health, /webjars/) do not read the session")
    void infrastructureHasNoSession() throws Exception {
        String cookie = users.signedIn(users.bob);
        assertThat(server.get("/health", "Cookie", cookie).body()).endsWith("user=-");
        assertThat(server.get("/webjars/htmx.org/htmx.min.js", "Cookie", cookie).body()).endsWith("user=-");
        assertThat(server.get("/", "Cookie", cookie).body()).endsWith("user=bob");
    }
}
