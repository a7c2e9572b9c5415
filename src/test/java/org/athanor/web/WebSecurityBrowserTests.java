package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.athanor.Athanor;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9's XSS reproductions and the Content-Security-Policy, in Debian's chromium: no script of an attacker runs. */
@DisplayName("The admin console against script injection, in a real browser")
class WebSecurityBrowserTests {
    static final String IMG = "<img src=x onerror=alert(1)>";

    static Playwright playwright;
    static Browser browser;

    @TempDir Path dir;
    TestInstallation installation;
    Athanor athanor;
    WebServer server;
    User bob;
    BrowserContext context;
    Page page;
    final List<String> dialogs = new CopyOnWriteArrayList<>();
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

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
        bob = athanor.users().create(new UserService.NewUser("bob", null, "bob's long password", false, "en"));
        server = new WebServer(athanor, "127.0.0.1", 0, dir.resolve("logs"), routes -> { }).start();   // logs in the test folder
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://127.0.0.1:" + server.port()).setLocale("en-GB"));
        page = context.newPage();
        page.onDialog(d -> {
            dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        page.onConsoleMessage(m -> {
            boolean expected404 = m.text().contains("status of 404");   // favicon.ico, and the 404 page visited on purpose
            if ((m.type().equals("error") || m.type().equals("warning")) && !expected404) consoleErrors.add(page.url() + ": " + m.text());
        });
        page.onPageError(e -> consoleErrors.add(page.url() + ": page error " + e));
        page.navigate("/login");
        page.fill("#login", TestInstallation.ADMIN);
        page.fill("#password", TestInstallation.ADMIN_PASSWORD);
        page.click("#sign-in");
        page.waitForURL("**/admin/");
    }

    @AfterEach void stop() {
        context.close();
        server.stopGracefully(Duration.ofSeconds(1));
        installation.close();
    }

    @Test @DisplayName("a link to /admin/tasks/<script>… or /admin/users/<script>… shows the text and runs nothing")
    void reflectedScriptInA404RunsNothing() {
        for (String path : List.of("/admin/tasks/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/admin/users/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")) {
            var response = page.navigate(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            page.waitForLoadState();
            page.waitForTimeout(300);
            assertThat(dialogs).as(path).isEmpty();
        }
        page.navigate("/admin/tasks/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(page.textContent("main p")).isEqualTo("no task <script>alert(1)</script>");
        assertThat(page.textContent("h1")).isEqualTo("Not found");
        assertThat(dialogs).isEmpty();
    }

    @Test @DisplayName("a task named <img onerror> whose log holds such a file name: its page and the task list show the text and run nothing")
    void storedScriptInATaskLogRunsNothing() throws Exception {
        int id = athanor.taskManager().create("null", IMG, null, null);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("task_" + id + ".log"), "2026-11-28 05:00:00 archived " + IMG + ".jpg\n");
        Files.writeString(logs.resolve("scheduler.log"), "2026-11-28 05:00:00 started task " + IMG + "\n");

        page.navigate("/admin/tasks/" + id);
        page.waitForFunction("() => document.querySelector('#task-log').textContent.includes('archived')");
        assertThat(page.textContent("#task-log")).isEqualTo("2026-11-28 05:00:00 archived " + IMG + ".jpg");
        assertThat(page.locator("#task-log img").count()).isZero();
        assertThat(page.textContent("h1")).isEqualTo(IMG);
        page.waitForTimeout(3500);   // one more htmx refresh of the panel
        assertThat(page.locator("#task-log img").count()).isZero();

        page.navigate("/admin/tasks");
        page.waitForFunction("() => document.querySelector('pre.log').textContent.includes('started task')");
        assertThat(page.textContent("pre.log")).contains("started task " + IMG);
        assertThat(page.locator("pre.log img").count()).isZero();
        assertThat(page.textContent("tr[data-task='" + id + "'] a")).isEqualTo(IMG);
        page.waitForTimeout(3500);   // the live table is swapped in again
        assertThat(page.locator("main img").count()).isZero();
        assertThat(dialogs).isEmpty();
    }

    @Test @DisplayName("every page works under the Content-Security-Policy: styles load, htmx runs, the console shows no violation")
    void everyPageWorksUnderTheContentSecurityPolicy() {
        int task = athanor.taskManager().list().get(0).task().id();
        for (String path : List.of("/admin/", "/admin/tasks", "/admin/tasks/" + task, "/admin/sessions", "/admin/users",
                "/admin/users/" + bob.id().value(), "/admin/maintenance", "/account", "/about", "/admin/tasks/999999")) {
            var response = page.navigate(path);
            assertThat(response.headers().get("content-security-policy")).as(path).contains("script-src 'self'");
            page.waitForLoadState();
            String background = (String) page.evaluate("() => getComputedStyle(document.body).fontFamily");
            assertThat(background).as(path + ": the style sheet applies").contains("system-ui");
        }
        page.navigate("/admin/tasks/" + task);
        page.waitForFunction("() => document.querySelector('#task-log').textContent.length > 0");   // htmx ran and swapped
        page.navigate("/admin/sessions");
        page.waitForTimeout(5500);   // one htmx refresh of the session rows
        assertThat(page.locator("#session-rows tr").count()).isEqualTo(1);
        assertThat(consoleErrors).isEmpty();
        assertThat(dialogs).isEmpty();
    }
}
