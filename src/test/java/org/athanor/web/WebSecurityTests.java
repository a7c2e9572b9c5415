package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.athanor.Athanor;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an outside probe of the web layer tried (issue 9): reflected input, headers, redirects, forms; over real HTTP. */
@DisplayName("The web server against hostile input")
class WebSecurityTests {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String SCRIPT_IN_PATH = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @TempDir Path dir;
    TestInstallation installation;
    Athanor athanor;
    WebServer server;
    User bob;

    @BeforeEach void start() {
        installation = TestInstallation.install(Engine.H2, dir);
        athanor = installation.open();
        bob = athanor.users().create(new UserService.NewUser("bob", null, "bob's long password", false, "en"));
        server = new WebServer(athanor, "127.0.0.1", 0, dir.resolve("logs"), routes -> { }).start();   // logs in the test folder
    }

    @AfterEach void stop() {
        server.stopGracefully(Duration.ofSeconds(1));
        installation.close();
    }

    /** A browser-like client: keeps cookies, does not follow redirects, asks for HTML. */
    final class Client {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Post a form of the page at {@code page}, with its CSRF token. */
        HttpResponse<String> submit(String page, String action, Map<String, String> fields) throws Exception {
            Map<String, String> form = new LinkedHashMap<>(fields);
            form.put("_csrf", csrf(page));
            return post(action, form);
        }

        String csrf(String page) throws Exception {
            return get(page).body().replaceAll("(?s).*?name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        }

        Client signIn(String login, String password) throws Exception {
            HttpResponse<String> r = submit("/login", "/login", Map.of("login", login, "password", password));
            assertThat(r.statusCode()).as("sign-in of " + login).isEqualTo(302);
            return this;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private Client admin() throws Exception {
        return new Client().signIn(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
    }

    private static void assertEscaped(HttpResponse<String> r, String what) {
        assertThat(r.body()).as(what + " must not echo the script").doesNotContain("<script>alert(1)");
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/html")) assertThat(r.body()).as(what).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test @DisplayName("a 404 that names an unknown task, user, session or action shows the input escaped, on every route")
    void notFoundPagesEscapeTheInput() throws Exception {
        Client admin = admin();
        int task = athanor.taskManager().list().get(0).task().id();
        for (String path : List.of("/admin/tasks/" + SCRIPT_IN_PATH, "/admin/users/" + SCRIPT_IN_PATH, "/admin/tasks/" + SCRIPT_IN_PATH + "/log")) {
            HttpResponse<String> r = admin.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertEscaped(r, path);
        }
        String csrf = admin.csrf("/admin/");
        for (String path : List.of("/admin/tasks/scheduler/" + SCRIPT_IN_PATH, "/admin/tasks/" + task + "/" + SCRIPT_IN_PATH,
                "/admin/users/" + SCRIPT_IN_PATH, "/admin/users/" + SCRIPT_IN_PATH + "/rights", "/admin/users/" + SCRIPT_IN_PATH + "/disconnect",
                "/admin/sessions/" + SCRIPT_IN_PATH + "/disconnect", "/admin/tasks/" + SCRIPT_IN_PATH)) {
            HttpResponse<String> r = admin.post(path, Map.of("_csrf", csrf));
            assertThat(r.statusCode()).as("POST " + path).isEqualTo(path.startsWith("/admin/sessions/") ? 400 : 404);
            assertEscaped(r, "POST " + path);
        }
        HttpResponse<String> unknown = admin.get("/nothing/" + SCRIPT_IN_PATH);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).doesNotContain("<script>").contains("/nothing/%3Cscript%3Ealert(1)%3C%2Fscript%3E not found");
        HttpResponse<String> page = admin.get("/admin/tasks/" + SCRIPT_IN_PATH);
        assertThat(page.body()).contains("no task &lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test @DisplayName("a 404 asked for as JSON stays JSON, with the input as a JSON string")
    void notFoundAsJsonStaysJson() throws Exception {
        Client admin = admin();
        HttpResponse<String> r = admin.http.send(HttpRequest.newBuilder(uri("/admin/tasks/" + SCRIPT_IN_PATH))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test @DisplayName("the task and scheduler logs are served as escaped HTML text, never as markup")
    void logsAreEscaped() throws Exception {
        int task = athanor.taskManager().list().get(0).task().id();
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("task_" + task + ".log"), "archived <img src=x onerror=alert(1)>.jpg\n");
        Files.writeString(logs.resolve("scheduler.log"), "started task <img src=x onerror=alert(2)>\n");
        Client admin = admin();
        HttpResponse<String> log = admin.get("/admin/tasks/" + task + "/log");
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).doesNotContain("<img").contains("archived &lt;img src=x onerror=alert(1)&gt;.jpg");
        HttpResponse<String> scheduler = admin.get("/admin/tasks/scheduler/log");
        assertThat(scheduler.body()).doesNotContain("<img").contains("started task &lt;img src=x onerror=alert(2)&gt;");
    }

    @Test @DisplayName("every answer carries a strict Content-Security-Policy, nosniff, DENY framing and same-origin referrers")
    void securityHeadersOnEveryResponse() throws Exception {
        Client admin = admin();
        Client anonymous = new Client();
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("/login", anonymous.get("/login"));
        answers.put("/about", anonymous.get("/about"));
        answers.put("/health", anonymous.get("/health"));
        answers.put("/webjars htmx", anonymous.get("/webjars/htmx.org/2.0.4/dist/htmx.min.js"));
        answers.put("/static/athanor.css", anonymous.get("/static/athanor.css"));
        answers.put("an unknown route", anonymous.get("/nothing-here"));
        answers.put("/admin/ anonymously (redirect)", anonymous.get("/admin/"));
        answers.put("/admin/", admin.get("/admin/"));
        answers.put("/admin/tasks", admin.get("/admin/tasks"));
        answers.put("/account", admin.get("/account"));
        answers.put("/lang/fr", admin.get("/lang/fr?back=/admin/"));
        answers.put("403 page", new Client().signIn("bob", "bob's long password").get("/admin/"));
        answers.forEach((what, r) -> {
            var h = r.headers();
            assertThat(h.firstValue("Content-Security-Policy")).as(what).hasValue(POLICY);
            assertThat(h.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(h.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(h.firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
        });
        assertThat(answers.get("/webjars htmx").statusCode()).isEqualTo(200);
        assertThat(answers.get("/static/athanor.css").statusCode()).isEqualTo(200);
        for (String page : List.of("/login", "/admin/", "/admin/tasks", "/account", "/lang/fr", "403 page", "/about"))
            assertThat(answers.get(page).headers().firstValue("Cache-Control")).as(page).hasValue("no-store");
        for (String page : List.of("/login", "/admin/", "/admin/tasks", "/account", "/about"))
            assertThat(answers.get(page).body()).as(page).doesNotContain("<style").doesNotContain("style=\"").doesNotContain("<script>")
                    .doesNotContain(" onclick=");
        for (String page : List.of("/login", "/admin/", "/admin/tasks", "/account"))
            assertThat(answers.get(page).body()).as(page).contains("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false}'");
    }

    @Test @DisplayName("the language switch sends back to a path of this site only; anything else goes to /")
    void languageSwitchRedirectsOnlyToThisSite() throws Exception {
        Client c = new Client();
        for (String back : List.of("/%5Cevil.example/", "//evil.example/", "%2F%2Fevil.example", "/%2Fevil.example",
                "https://evil.example/", "http:evil.example", "javascript:alert(1)", "/%09/evil.example", "/%0d%0aSet-Cookie:x=1",
                "%5C%5Cevil.example", "", "evil.example", "/%5C%5Cevil.example")) {
            HttpResponse<String> r = c.get("/lang/en?back=" + back);
            assertThat(r.statusCode()).as(back).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as("back=" + back).hasValue("/");
        }
        assertThat(c.get("/lang/fr?back=/admin/tasks%3Fdone%3Dx").headers().firstValue("Location")).hasValue("/admin/tasks?done=x");
        assertThat(c.get("/lang/fr?back=/login").headers().firstValue("Location")).hasValue("/login");
    }

    @Test @DisplayName("/about shows databoxes and collections to signed-in users only; anonymous visitors see the name and version")
    void aboutShowsDataboxesToSignedInUsersOnly() throws Exception {
        String databox = installation.request().databoxName();
        HttpResponse<String> anonymous = new Client().get("/about");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("<strong id=\"version\">4.0.0</strong>").contains(athanor.config().registry().title())
                .doesNotContain("Databox").doesNotContain(databox).doesNotContain("base_id").doesNotContain("<td>test</td>");
        HttpResponse<String> signedIn = new Client().signIn("bob", "bob's long password").get("/about");
        assertThat(signedIn.body()).contains("Databox " + databox).contains("<td>test</td><td class=\"n\">0</td>");
    }

    @Test @DisplayName("a maintenance message with U+FFFE is refused on the form, which keeps the text; the configuration is unchanged")
    void maintenanceMessageWithANoncharacterIsRefusedOnTheForm() throws Exception {
        Client admin = admin();
        String before = Files.readString(installation.configFile());
        HttpResponse<String> r = admin.submit("/admin/maintenance", "/admin/maintenance",
                Map.of("action", "on", "message", "Back at 14:00 \uFFFE <b>soon</b>"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.body()).contains("<p class=\"error\" id=\"error\">The message contains U+FFFE at character 15, which cannot be shown: "
                        + "remove it (control characters and Unicode noncharacters are refused).</p>")
                .contains("value=\"Back at 14:00 \uFFFE &lt;b>soon&lt;/b>\"");
        assertThat(Files.readString(installation.configFile())).isEqualTo(before);
        assertThat(athanor.adminLog().recent(5)).extracting(e -> e.action()).doesNotContain("maintenance.on");

        HttpResponse<String> tab = admin.submit("/admin/maintenance", "/admin/maintenance", Map.of("action", "on", "message", "line\u001b[31m red"));
        assertThat(tab.statusCode()).isEqualTo(400);
        assertThat(tab.body()).contains("The message contains U+001B at character 5");
    }

    @Test @DisplayName("a refused new user keeps the login, e-mail, language and administrator box on the form")
    void userCreationErrorKeepsTheForm() throws Exception {
        Client admin = admin();
        HttpResponse<String> r = admin.submit("/admin/users", "/admin/users",
                Map.of("login", "bob", "email", "bob2@example.org", "password", "a long enough password", "locale", "fr", "admin", "on"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("A user with login 'bob' already exists")
                .contains("id=\"new-login\" name=\"login\" value=\"bob\"")
                .contains("id=\"new-email\" name=\"email\" value=\"bob2@example.org\"")
                .contains("<option value=\"fr\" selected>")
                .contains("<input type=\"checkbox\" name=\"admin\" id=\"new-admin\" checked>");
        assertThat(r.body()).doesNotContain("a long enough password");
    }

    @Test @DisplayName("a refused user edit keeps the administrator box as it was sent")
    void userEditErrorKeepsTheForm() throws Exception {
        Client admin = admin();
        String page = "/admin/users/" + bob.id().value();
        HttpResponse<String> r = admin.submit(page, page, Map.of("admin", "on", "password", "short"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("id=\"error\"").contains("<input type=\"checkbox\" name=\"admin\" id=\"user-admin\" checked>");
        assertThat(athanor.users().findById(bob.id()).orElseThrow().admin()).isFalse();
    }

    @Test @DisplayName("a refused new task keeps its type, name and period on the form")
    void taskCreationErrorKeepsTheForm() throws Exception {
        Client admin = admin();
        int before = athanor.taskManager().list().size();
        HttpResponse<String> r = admin.submit("/admin/tasks", "/admin/tasks", Map.of("type", "null", "name", "Night <run>", "period", "soon"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("period 'soon': give a number of seconds")
                .contains("id=\"name\" name=\"name\" value=\"Night &lt;run>\"")
                .contains("id=\"period\" name=\"period\" value=\"soon\"")
                .contains("<option value=\"null\" selected>");
        assertThat(athanor.taskManager().list()).hasSize(before);
    }

    @Test @DisplayName("a refused task edit keeps the name, the period as typed and the settings")
    void taskEditErrorKeepsTheForm() throws Exception {
        Client admin = admin();
        int task = athanor.taskManager().list().get(0).task().id();
        String page = "/admin/tasks/" + task;
        HttpResponse<String> r = admin.submit(page, page, Map.of("name", "Renamed", "period", "every minute",
                "settings", "<tasksettings><period>5</period></tasksettings>"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("period 'every minute': give a number of seconds")
                .contains("value=\"Renamed\"").contains("value=\"every minute\"")
                .contains("&lt;tasksettings&gt;&lt;period&gt;5&lt;/period&gt;&lt;/tasksettings&gt;</textarea>");
    }
}
