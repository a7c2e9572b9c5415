package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.athanor.Athanor;
import org.athanor.appbox.LoginThrottle;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Signing in and out over HTTP")
class LoginAndSessionsTests {
    @TempDir Path dir;
    TestInstallation installation;
    Athanor athanor;
    WebServer server;
    User bob;

    @BeforeEach void start() {
        installation = TestInstallation.install(Engine.H2, dir);
        athanor = installation.open();
        bob = athanor.users().create(new UserService.NewUser("bob", null, "bob's long password", false, "en"));
        server = WebServer.create(athanor, "127.0.0.1", 0).start();
    }

    @AfterEach void stop() {
        server.stopGracefully(Duration.ofSeconds(1));
        installation.close();
    }

    /** A browser-like client: keeps cookies, does not follow redirects. */
    final class Client {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        String language = "en";

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Accept-Language", language).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept-Language", language).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Post a form of the page at {@code page}, with its CSRF token. */
        HttpResponse<String> submit(String page, String action, Map<String, String> fields) throws Exception {
            String html = get(page).body();
            Map<String, String> form = new LinkedHashMap<>(fields);
            form.put("_csrf", html.replaceAll("(?s).*?name=\"_csrf\" value=\"([^\"]+)\".*", "$1"));
            return post(action, form);
        }

        HttpResponse<String> signIn(String login, String password, boolean remember) throws Exception {
            Map<String, String> f = new LinkedHashMap<>(Map.of("login", login, "password", password));
            if (remember) f.put("remember", "on");
            return submit("/login", "/login", f);
        }

        HttpCookie cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
        }

        void forget(String name) {
            HttpCookie c = cookie(name);
            if (c != null) cookies.getCookieStore().remove(uri("/"), c);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test @DisplayName("the login page speaks the browser's language, switchable, and a session cookie is HttpOnly and SameSite=Lax")
    void languageAndCookie() throws Exception {
        Client c = new Client();
        c.language = "fr-CH, fr;q=0.9, en;q=0.8";
        assertThat(c.get("/login").body()).contains("<h1>Connexion</h1>").contains("<html lang=\"fr\">");
        c.language = "de-DE, en;q=0.5";
        assertThat(c.get("/login").body()).contains("<h1>Sign in</h1>");
        assertThat(c.get("/lang/fr?back=/login").headers().firstValue("Location")).contains("/login");
        assertThat(c.get("/login").body()).contains("<h1>Connexion</h1>");

        HttpResponse<String> r = c.signIn("bob", "bob's long password", false);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains("/account");
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(v -> assertThat(v).startsWith("athanor_session=")
                .contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure"));
        assertThat(c.get("/account").statusCode()).isEqualTo(200);
    }

    @Test @DisplayName("after 5 wrong passwords from one IP the login is refused with 429, even with the right password")
    void throttling() throws Exception {
        Client c = new Client();
        for (int i = 0; i < LoginThrottle.MAX_PER_LOGIN; i++)
            assertThat(c.signIn("bob", "wrong password!", false).statusCode()).isEqualTo(401);
        HttpResponse<String> r = c.signIn("bob", "bob's long password", false);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("Too many failed attempts");
        assertThat(athanor.sessions().list()).isEmpty();
    }

    @Test @DisplayName("remember me opens a new session when the session is gone, with a new token; logout forgets both")
    void rememberMe() throws Exception {
        Client c = new Client();
        c.signIn("bob", "bob's long password", true);
        String remember = c.cookie(SessionLoader.REMEMBER_COOKIE).getValue();
        c.forget(SessionLoader.SESSION_COOKIE);
        athanor.sessions().list().forEach(s -> athanor.sessions().disconnect(s.id()));
        assertThat(c.get("/account").statusCode()).isEqualTo(200);
        assertThat(c.cookie(SessionLoader.REMEMBER_COOKIE).getValue()).isNotEqualTo(remember);
        assertThat(athanor.sessions().list()).hasSize(1);

        HttpResponse<String> out = c.submit("/account", "/logout", Map.of());
        assertThat(out.headers().firstValue("Location")).contains("/login");
        assertThat(athanor.sessions().list()).isEmpty();
        assertThat(c.get("/account").headers().firstValue("Location")).contains("/login");
    }

    @Test @DisplayName("a user ends their own other sessions and keeps this one")
    void ownOtherSessions() throws Exception {
        Client phone = new Client();
        Client laptop = new Client();
        phone.signIn("bob", "bob's long password", false);
        laptop.signIn("bob", "bob's long password", false);
        assertThat(athanor.sessions().ofUser(bob.id())).hasSize(2);
        laptop.submit("/account", "/account/disconnect-others", Map.of());
        assertThat(laptop.get("/account").statusCode()).isEqualTo(200);
        assertThat(phone.get("/account").headers().firstValue("Location")).contains("/login");
    }

    @Test @DisplayName("an admin creates a user, gives rights, and the live session list asks htmx to go to /login once the session is gone")
    void adminCreatesUserAndRights() throws Exception {
        Client admin = new Client();
        admin.signIn(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD, false);
        HttpResponse<String> created = admin.submit("/admin/users", "/admin/users",
                Map.of("login", "carol", "email", "carol@example.org", "password", "carol's password", "locale", "fr"));
        assertThat(created.statusCode()).isEqualTo(302);
        User carol = athanor.users().require("carol");
        int baseId = athanor.collections().list().get(0).baseId().value();
        int sbasId = athanor.databoxes().list().get(0).id().value();
        admin.submit("/admin/users/" + carol.id().value(), "/admin/users/" + carol.id().value() + "/rights",
                Map.of("c" + baseId + ".access", "on", "c" + baseId + ".candwnldhd", "on", "d" + sbasId + ".bas_chupub", "on"));
        assertThat(athanor.rights().collectionRights(carol.id())).singleElement()
                .satisfies(g -> assertThat(g.flags()).containsExactlyInAnyOrder("access", "candwnldhd"));
        assertThat(athanor.rights().databoxRights(carol.id())).singleElement()
                .satisfies(g -> assertThat(g.flags()).containsExactly("bas_chupub"));
        HttpResponse<String> tooShort = admin.submit("/admin/users", "/admin/users", Map.of("login", "dan", "password", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("The password is too short");
        assertThat(athanor.adminLog().recent(20)).extracting(e -> e.action()).contains("user.create", "user.grant");

        HttpRequest rows = HttpRequest.newBuilder(uri("/admin/sessions/rows")).header("HX-Request", "true").build();
        assertThat(admin.http.send(rows, HttpResponse.BodyHandlers.ofString()).body()).contains(TestInstallation.ADMIN);
        athanor.sessions().disconnectAll();
        HttpResponse<String> gone = admin.http.send(rows, HttpResponse.BodyHandlers.ofString());
        assertThat(gone.headers().firstValue("HX-Redirect")).contains("/login");
    }
}
