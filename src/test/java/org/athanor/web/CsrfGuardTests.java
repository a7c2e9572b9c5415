package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.athanor.appbox.SessionService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CsrfGuard refuses POSTs without the forms' token")
class CsrfGuardTests {
    @TempDir static Path dir;
    static TwoUsers users;
    static BeforeHandlerServer server;

    @BeforeAll static void start() {
        users = new TwoUsers(dir);
        server = new BeforeHandlerServer(new LanguageNegotiation(), users.sessionLoader(),
                new CsrfGuard(WebServer.ROUTE_GROUPS, users.csrf(), users.views()::of, new Pages()));
    }

    @AfterAll static void stop() {
        server.close();
        users.close();
    }

    @Test @DisplayName("a signed-in user's POST passes with the session's token, in the _csrf field or the X-CSRF-Token header")
    void sessionToken() throws Exception {
        SessionService.Opened bob = users.open(users.bob);
        String cookie = "athanor_session=" + bob.token();
        String token = users.csrf().forSession(bob.session().id());
        assertThat(server.post("/account/disconnect-others", Map.of("_csrf", token), "Cookie", cookie).statusCode()).isEqualTo(200);
        assertThat(server.post("/account/disconnect-others", Map.of(), "Cookie", cookie, "X-CSRF-Token", token).statusCode()).isEqualTo(200);
    }

    @Test @DisplayName("a signed-in user's POST without the token, or with another session's, gets the 403 \"Form expired\" page")
    void missingOrForeignToken() throws Exception {
        String cookie = users.signedIn(users.bob);
        String foreign = users.csrf().forSession(users.open(users.admin).session().id());
        for (Map<String, String> form : java.util.List.of(Map.<String, String>of(), Map.of("_csrf", foreign))) {
            HttpResponse<String> r = server.post("/admin/maintenance", form, "Cookie", cookie);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("Form expired").doesNotContain("user=bob");
        }
    }

    @Test @DisplayName("before sign-in, the token is the one of the athanor_csrf cookie (double submit)")
    void anonymousDoubleSubmit() throws Exception {
        assertThat(server.post("/login", Map.of("_csrf", "abcdefgh"), "Cookie", "athanor_csrf=abcdefgh").statusCode()).isEqualTo(200);
        HttpResponse<String> forged = server.post("/login", Map.of("_csrf", "abcdefgh"), "Cookie", "athanor_csrf=other");
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test @DisplayName("a visitor's stale form anywhere but /login is sent to /login (their session has ended)")
    void staleFormGoesToLogin() throws Exception {
        HttpResponse<String> r = server.post("/admin/users", Map.of("login", "eve"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/login");
    }

    @Test @DisplayName("GETs and the machines' paths are not checked")
    void notChecked() throws Exception {
        assertThat(server.get("/admin/users").statusCode()).isEqualTo(200);
        assertThat(server.post("/health", Map.of()).statusCode()).isEqualTo(200);
    }
}
