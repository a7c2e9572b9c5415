package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("AccessRule lets in who each route group admits")
class AccessRuleTests {
    @TempDir static Path dir;
    static TwoUsers users;
    static BeforeHandlerServer server;

    @BeforeAll static void start() {
        users = new TwoUsers(dir);
        server = new BeforeHandlerServer(new LanguageNegotiation(), users.sessionLoader(),
                new AccessRule(WebServer.ROUTE_GROUPS, users.views()::of, new Pages()));
    }

    @AfterAll static void stop() {
        server.close();
        users.close();
    }

    @Test @DisplayName("the admin console sends visitors to /login (htmx: HX-Redirect), refuses other users with a 403 page, lets administrators in")
    void admin() throws Exception {
        HttpResponse<String> anonymous = server.get("/admin/users");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/login");
        HttpResponse<String> htmx = server.get("/admin/tasks/live", "HX-Request", "true");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.headers().firstValue("HX-Redirect")).hasValue("/login");

        HttpResponse<String> bob = server.get("/admin", "Cookie", users.signedIn(users.bob), "Accept-Language", "fr");
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(bob.body()).contains("Accès refusé").doesNotContain("user=bob");

        HttpResponse<String> admin = server.get("/admin/", "Cookie", users.signedIn(users.admin));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).endsWith("user=" + users.admin.login());
    }

    @Test @DisplayName("the account pages need a signed-in user, of any kind")
    void account() throws Exception {
        assertThat(server.get("/account").headers().firstValue("Location")).hasValue("/login");
        assertThat(server.get("/account", "Cookie", users.signedIn(users.bob)).body()).endsWith("user=bob");
    }

    @Test @DisplayName("public pages, signing in and the machines' paths are open to anyone")
    void open() throws Exception {
        for (String path : new String[] {"/", "/about", "/login", "/lang/fr", "/health", "/api/v1/records/search"})
            assertThat(server.get(path).statusCode()).as(path).isEqualTo(200);
    }

}
