package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.athanor.Athanor;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.cli.Cli;
import org.athanor.cli.CliContext;
import org.athanor.db.Engine;
import org.athanor.testing.Await;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "must show" scenarios, driven with Debian's chromium: one browser per class, one context per user. */
@DisplayName("The admin console, in a real browser")
class AdminConsoleBrowserTests {
    static final String USER_B = "bob";
    static final String USER_B_PASSWORD = "bob's long password";

    static Playwright playwright;
    static Browser browser;

    @TempDir Path dir;
    TestInstallation installation;
    Athanor athanor;
    WebServer server;
    User bob;
    BrowserContext a;
    BrowserContext b;

    @BeforeAll static void launch() {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @AfterAll static void close() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @BeforeEach void start() {
        installation = TestInstallation.install(Engine.H2, dir);
        athanor = installation.open();
        bob = athanor.users().create(new UserService.NewUser(USER_B, "bob@example.org", USER_B_PASSWORD, false, "fr"));
        server = WebServer.create(athanor, "127.0.0.1", 0).start();
        a = browser.newContext(new Browser.NewContextOptions().setBaseURL(base()).setLocale("en-GB"));
        b = browser.newContext(new Browser.NewContextOptions().setBaseURL(base()).setLocale("fr-FR"));
    }

    @AfterEach void stop() {
        a.close();
        b.close();
        server.stopGracefully(Duration.ofSeconds(1));
        installation.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static Page signIn(BrowserContext context, String login, String password) {
        Page page = context.newPage();
        page.navigate("/login");
        page.fill("#login", login);
        page.fill("#password", password);
        page.click("#sign-in");
        page.waitForURL(url -> !url.endsWith("/login"));
        return page;
    }

    @Test @DisplayName("admin A and user B signed in; A disconnects everybody including A: both land on the login page at their next click, no session is left")
    void disconnectAllIncludingMe() {
        Page pa = signIn(a, TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
        assertThat(pa.url()).endsWith("/admin/");
        Page pb = signIn(b, USER_B, USER_B_PASSWORD);
        assertThat(pb.url()).endsWith("/account");
        assertThat(pb.textContent("h1")).isEqualTo("Mon compte");
        assertThat(athanor.sessions().list()).hasSize(2);

        pa.click("text=Connected users");
        pa.waitForURL("**/admin/sessions");
        assertThat(pa.locator("#session-rows tr").count()).isEqualTo(2);
        pa.check("#confirm-all");
        pa.click("#disconnect-all");
        pa.waitForURL("**/login");
        assertThat(pa.url()).endsWith("/login");
        assertThat(athanor.sessions().list()).isEmpty();

        pb.click("header a[href='/account']");
        pb.waitForURL("**/login");
        assertThat(pb.url()).endsWith("/login");
        assertThat(pb.textContent("h1")).isEqualTo("Connexion");
        pa.navigate("/admin/");
        assertThat(pa.url()).endsWith("/login");
        assertThat(athanor.sessions().list()).isEmpty();
    }

    @Test @DisplayName("system:maintenance on --message: within 2 s the browser gets the 503 page with the message, /health says 200 with maintenance true; off restores service")
    void maintenanceFromTheCli() {
        Page pb = signIn(b, USER_B, USER_B_PASSWORD);
        assertThat(console("system:maintenance", "on", "--message", "Mise à jour en cours")).isZero();
        long since = System.nanoTime();
        Response r = pb.navigate("/account");
        while (r.status() != 503 && System.nanoTime() - since < 3_000_000_000L) {
            pb.waitForTimeout(100);
            r = pb.navigate("/account");
        }
        long tookMs = (System.nanoTime() - since) / 1_000_000;
        System.out.println("maintenance on seen by the browser after " + tookMs + " ms");
        assertThat(r.status()).isEqualTo(503);
        assertThat(tookMs).as("time until the servers saw maintenance on (ms)").isLessThan(2000);
        assertThat(r.headers()).containsKey("retry-after");
        assertThat(pb.textContent("h1")).isEqualTo("Maintenance en cours");
        assertThat(pb.textContent("#detail")).isEqualTo("Mise à jour en cours");

        APIResponse health = b.request().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(json(health.text()).get("maintenance").asBoolean()).isTrue();

        assertThat(console("system:maintenance", "off")).isZero();
        since = System.nanoTime();
        r = pb.navigate("/account");
        while (r.status() != 200 && System.nanoTime() - since < 3_000_000_000L) {
            pb.waitForTimeout(100);
            r = pb.navigate("/account");
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat((System.nanoTime() - since) / 1_000_000).isLessThan(2000);
        assertThat(pb.textContent("h1")).isEqualTo("Mon compte");
        assertThat(json(b.request().get("/health").text()).get("maintenance").asBoolean()).isFalse();
    }

    @Test @DisplayName("a non-admin gets 403 on every admin route, an anonymous visitor is sent to /login")
    void nonAdminGets403Everywhere() {
        signIn(b, USER_B, USER_B_PASSWORD).close();
        BrowserContext anonymous = browser.newContext(new Browser.NewContextOptions().setBaseURL(base()));
        try {
            List<String> routes = server.adminRoutes();
            assertThat(routes).hasSizeGreaterThan(20).contains("GET /admin/tasks", "POST /admin/tasks/scheduler/{action}");
            String someSession = athanor.sessions().list().get(0).id();
            int someTask = athanor.taskManager().list().get(0).task().id();
            for (String route : routes) {
                String[] parts = route.split(" ");
                String path = parts[1].replace("/users/{id}", "/users/" + bob.id().value()).replace("/sessions/{id}", "/sessions/" + someSession)
                        .replace("/tasks/{id}", "/tasks/" + someTask).replace("{action}", "stop");
                APIResponse asBob = parts[0].equals("GET") ? b.request().get(path, RequestOptions.create().setMaxRedirects(0))
                        : b.request().post(path, RequestOptions.create().setMaxRedirects(0).setForm(FormData.create().set("confirm", "on")));
                assertThat(asBob.status()).as(route + " as a non-admin").isEqualTo(403);
                APIResponse asNobody = parts[0].equals("GET") ? anonymous.request().get(path, RequestOptions.create().setMaxRedirects(0))
                        : anonymous.request().post(path, RequestOptions.create().setMaxRedirects(0));
                assertThat(asNobody.status()).as(route + " anonymously").isEqualTo(302);
                assertThat(asNobody.headers().get("location")).as(route + " anonymously").isEqualTo("/login");
            }
            assertThat(athanor.sessions().list()).hasSize(1);
            assertThat(athanor.users().findById(bob.id()).orElseThrow().admin()).isFalse();
            assertThat(athanor.taskManager().list()).allSatisfy(t -> assertThat(t.task().configuredStatus()).isNotEqualTo("stopped"));
        } finally {
            anonymous.close();
        }
    }

    @Test @DisplayName("a POST without the CSRF token is refused, with the token it is accepted")
    void postWithoutCsrfIsRefused() {
        Page pa = signIn(a, TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
        APIResponse forged = a.request().post("/admin/maintenance", RequestOptions.create().setMaxRedirects(0)
                .setForm(FormData.create().set("action", "on").set("message", "forged")));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("Form expired");
        assertThat(console("system:maintenance", "status")).isZero();
        assertThat(server.adminRoutes()).contains("POST /admin/maintenance");

        pa.navigate("/admin/maintenance");
        pa.fill("#message", "Back at 14:00");
        pa.click("#maintenance-on");
        pa.waitForURL("**/admin/maintenance?saved=1");
        assertThat(pa.textContent("#state")).isEqualTo("on");
        APIResponse health = a.request().get("/health");
        assertThat(json(health.text()).get("maintenance").asBoolean()).isTrue();
        pa.click("#maintenance-off");
        pa.waitForLoadState();
        pa.waitForSelector("#state:text('off')");
        assertThat(pa.textContent("#state")).isEqualTo("off");
        assertThat(athanor.adminLog().recent(5)).extracting(e -> e.action()).startsWith("maintenance.off", "maintenance.on");

        APIResponse login = b.request().post("/login", RequestOptions.create().setMaxRedirects(0)
                .setForm(FormData.create().set("login", USER_B).set("password", USER_B_PASSWORD)));
        assertThat(login.status()).isEqualTo(403);
    }

    @Test @DisplayName("A stops the scheduler from the task-manager page; task-manager:scheduler:state then exits 11")
    void stopTheSchedulerFromTheTaskManagerPage() throws Exception {
        org.athanor.tasks.Scheduler scheduler = athanor.scheduler(dir.resolve("logs")).start();
        Thread runner = new Thread(() -> {   // as task-manager:scheduler:run and server:run --with-scheduler do
            try {
                scheduler.awaitStopRequest();
                scheduler.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        try {
            Await.until("the scheduler to start", Duration.ofSeconds(10),
                    () -> athanor.taskManager().schedulerStatus().state() == org.athanor.tasks.RunState.STARTED);
            assertThat(console("task-manager:scheduler:state")).isEqualTo(10);
            Page pa = signIn(a, TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
            pa.click("text=Task manager");
            pa.waitForURL("**/admin/tasks");
            assertThat(pa.textContent("#scheduler-state")).isEqualTo("started");
            assertThat(pa.locator("tr[data-task]").count()).isEqualTo(athanor.taskManager().list().size());
            pa.click("#scheduler-stop");
            pa.waitForURL("**/admin/tasks?done=scheduler.stop");
            assertThat(scheduler.awaitStopped(Duration.ofSeconds(30))).isTrue();
            assertThat(console("task-manager:scheduler:state")).isEqualTo(11);
            pa.waitForSelector("#scheduler-state:text('stopped')", new Page.WaitForSelectorOptions().setTimeout(10_000));
            assertThat(athanor.adminLog().recent(5)).extracting(e -> e.action()).contains("scheduler.stop");
        } finally {
            scheduler.stop();
        }
    }

    @Test @DisplayName("on the task-manager page A creates a task, edits its settings (a malformed XML is refused), then deletes it")
    void createEditDeleteTask() {
        Page pa = signIn(a, TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
        pa.navigate("/admin/tasks");
        int before = athanor.taskManager().list().size();
        pa.selectOption("#type", "null");
        pa.fill("#name", "Nothing much");
        pa.click("#create-task");
        pa.waitForURL("**/admin/tasks/*?done=created");
        assertThat(athanor.taskManager().list()).hasSize(before + 1);
        int id = athanor.taskManager().list().stream().filter(t -> t.task().name().equals("Nothing much")).findFirst().orElseThrow().task().id();
        pa.fill("#settings", "<tasksettings><unclosed></tasksettings>");
        pa.click("#save-task");
        assertThat(pa.textContent("#error")).contains("not well-formed XML");
        pa.fill("#settings", "<tasksettings><period>5</period></tasksettings>");
        pa.fill("#period", "5");
        pa.click("#save-task");
        pa.waitForURL("**?done=saved");
        assertThat(athanor.taskManager().status(id).orElseThrow().task().settings()).contains("<period>5</period>");
        assertThat(athanor.taskManager().status(id).orElseThrow().task().periodSeconds()).isEqualTo(5);
        pa.navigate("/admin/tasks");
        pa.click("tr[data-task='" + id + "'] button:text('Delete')");
        pa.waitForURL("**/admin/tasks?done=task.delete");
        assertThat(athanor.taskManager().status(id)).isEmpty();
        assertThat(athanor.adminLog().recent(10)).extracting(e -> e.action()).contains("task.create", "task.edit", "task.delete");
    }

    private int console(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = installation.configFile().toString();
        try (CliContext context = new CliContext()) {
            var cl = Cli.commandLine(Cli.Program.CONSOLE, context);
            cl.setOut(new PrintWriter(new StringWriter(), true));
            return cl.execute(all);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
