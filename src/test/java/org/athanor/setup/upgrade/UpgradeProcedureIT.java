package org.athanor.setup.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.athanor.db.Engine;
import org.athanor.testing.InstallationSnapshot;
import org.athanor.testing.ReleaseInstallation;
import org.athanor.testing.ReleaseInstallation.Cli;
import org.athanor.testing.Releases;
import org.athanor.testing.TestDatabases;
import org.athanor.testing.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The upgrade procedure end to end, step by step as Phraseanet's upgrade page ("Mise à jour") says, with two program
 * folders: 4.0.0-alpha.2 (built from history) running with its scheduler and tasks, pending work and two browsers
 * signed in (Debian's chromium through Playwright), replaced by the current build's tarball. Then the same run rolled
 * back to alpha.2 with {@code system:restore-db} and the old program folder.
 *
 * <p>The heaviest scenario runs on every server engine {@code ATHANOR_TEST_DATABASES} lists (PostgreSQL, MariaDB), and on
 * H2 when it lists none (H2's auto-server lets the server, the scheduler and the console share the files).
 */
@DisplayName("The upgrade procedure of Phraseanet's page, end to end, with two program folders and two browsers")
class UpgradeProcedureIT {
    static Playwright playwright;
    static Browser browser;

    @TempDir Path dir;
    ReleaseInstallation installation;
    Process oldServer;
    Process newServer;
    BrowserContext admin;
    BrowserContext user;

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

    @AfterEach void stopEverything() throws Exception {
        if (admin != null) admin.close();
        if (user != null) user.close();
        stop(oldServer);
        stop(newServer);
        if (installation != null) {
            Path program = dir.resolve("athanor");
            if (Files.isExecutable(program.resolve("bin/console"))) installation.console(program, "task-manager:scheduler:stop", "--wait", "30");
            installation.close();
        }
    }

    static Stream<Engine> engines() {
        List<Engine> servers = TestDatabases.servers().toList();
        return servers.isEmpty() ? Stream.of(Engine.H2) : servers.stream();
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("stop tasks, disconnect users, maintenance on, backup, new program folder, new server, check, upgrade, version, maintenance off, tasks finish the pending work; nothing lost")
    void procedure(Engine engine) throws Exception {
        Upgraded u = upgradeAsThePageSays(engine);

        // 9. the running (new) server now serves the upgraded installation; maintenance is still on, as the admin left it
        waitFor("the new server to open the upgraded installation (/health 200, maintenance still on)", () -> health(u.port()).statusCode() == 200);
        assertThat(user.newPage().navigate("/account").status()).as("maintenance still on").isEqualTo(503);
        // 10. maintenance off, by editing configuration.yml
        setMaintenance(u.program(), false);
        waitFor("maintenance off", () -> user.newPage().navigate("/login").status() == 200);
        Page userPage = signIn(user, u.port(), ReleaseInstallation.USER, ReleaseInstallation.USER_PASSWORD);
        assertThat(userPage.url()).endsWith("/account");
        // 11. restart the tasks from the admin page, with a scheduler running
        Page adminPage = signIn(admin, u.port(), ReleaseInstallation.ADMIN, ReleaseInstallation.ADMIN_PASSWORD);
        Cli scheduler = installation.console(u.program(), "task-manager:scheduler:start", "--wait", "30");
        assertThat(scheduler.exitCode()).as(scheduler.toString()).isIn(0, 10);
        adminPage.navigate("/admin/tasks");
        adminPage.click("form[action='/admin/tasks/1/start'] button");
        // 12. the pending work completes, nothing lost
        waitFor("the subdefs task to finish the pending work", () -> UpgradeFromReleasesIT.pending(installation) == 0);
        InstallationSnapshot after = InstallationSnapshot.of(installation.configFile());
        assertThat(after.files()).doesNotContainValue("missing");
        assertThat(after.rows("databox " + installation.databoxName(), "records")).isEqualTo(u.before().rows("databox " + installation.databoxName(), "records"));
        // since the upgrade (already proved lossless above), only what this test did afterwards changed: the task restarted
        // and its work, the subdefs it made, the users signing in again
        assertThat(u.upgraded().differencesTo(InstallationSnapshot.of(installation.configFile())).stream()
                .filter(d -> !d.contains("subdefs_pending") && !d.contains("modified_at") && !d.contains(" appeared after") && !d.contains("jobs row")
                        && !d.startsWith("appbox: tasks row ") && !(d.startsWith("appbox: users row ") && d.contains(": last_connection was "))))
                .isEmpty();
    }

    @ParameterizedTest(name = "on {0}") @MethodSource("engines")
    @DisplayName("the same run rolled back at the end: restore-db of the pre-upgrade set by the new program, the old program folder put back: alpha.2 runs it, every checksum as before")
    void procedureThenRollback(Engine engine) throws Exception {
        Upgraded u = upgradeAsThePageSays(engine);
        stop(newServer);
        newServer = null;
        Path set = newestBackupSet();

        Cli restore = installation.setup(u.program(), Map.of(), "system:restore-db", set.toString(), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        Files.move(u.program(), dir.resolve("athanor-4.0.0-rolled-back"));
        Files.move(dir.resolve("athanor-alpha.2"), u.program());
        installation.switchTo(u.program());

        InstallationSnapshot restored = InstallationSnapshot.of(installation.configFile());
        assertThat(u.before().differencesTo(restored)).isEmpty();
        assertThat(restored.differencesTo(u.before())).as("nothing the upgrade added is left").isEmpty();
        assertThat(restored.boxes().get("appbox").get("athanor_schema_history")).isEqualTo(u.before().boxes().get("appbox").get("athanor_schema_history"));
        Cli show = installation.console(u.program(), "records:show", "1", "1");
        assertThat(show.exitCode()).as("alpha.2 opens the rolled-back installation: " + show).isZero();
    }

    record Upgraded(Path program, int port, InstallationSnapshot before, InstallationSnapshot upgraded) {}

    /** Steps 1 to 8 of the page on a running alpha.2 installation; return once system:upgrade and --version passed. */
    Upgraded upgradeAsThePageSays(Engine engine) throws Exception {
        installation = ReleaseInstallation.install(Releases.named("4.0.0-alpha.2"), engine, dir).populate();
        Path program = installation.program();
        oldServer = start(program, "server:run", "--port", "0", "--with-scheduler");
        int oldPort = port(oldServer, "old");
        waitFor("alpha.2's own tasks to make the subdefs left pending", () -> UpgradeFromReleasesIT.pending(installation) == 0);
        admin = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://127.0.0.1:" + oldPort).setLocale("en-GB"));
        user = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://127.0.0.1:" + oldPort).setLocale("fr-FR"));
        Page adminPage = signIn(admin, oldPort, ReleaseInstallation.ADMIN, ReleaseInstallation.ADMIN_PASSWORD);
        Page userPage = signIn(user, oldPort, ReleaseInstallation.USER, ReleaseInstallation.USER_PASSWORD);
        assertThat(userPage.url()).endsWith("/account");

        // 1. stop the scheduler and the tasks, from the admin page
        adminPage.navigate("/admin/tasks");
        adminPage.click("form[action='/admin/tasks/1/stop'] button");
        adminPage.click("form[action='/admin/tasks/2/stop'] button");
        adminPage.click("#scheduler-stop");
        waitFor("the scheduler to stop", () -> installation.console(program, "task-manager:scheduler:state").exitCode() == 11);
        // work that arrives after the tasks stopped stays pending through the upgrade
        Path more = Files.createDirectories(dir.resolve("late"));
        Path late = TestMedia.jpeg(more, "late.jpg", 640, 480);
        installation.console(program, "records:add", "--collection", "2", late.toString()).requireSuccess();
        assertThat(UpgradeFromReleasesIT.pending(installation)).isEqualTo(1);
        // 2. disconnect all users (including oneself)
        adminPage.navigate("/admin/sessions");
        adminPage.check("#confirm-all");
        adminPage.click("#disconnect-all");
        adminPage.waitForURL("**/login");
        userPage.click("header a[href='/account']");
        userPage.waitForURL("**/login");
        // 3. maintenance on, by editing configuration.yml
        setMaintenance(program, true);
        waitFor("the old server to serve the maintenance page", () -> userPage.navigate("/account").status() == 503);
        // 4. back up the databases
        Cli backup = installation.console(program, "system:backup-db");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        InstallationSnapshot before = InstallationSnapshot.of(installation.configFile());
        // 5. rename the old program folder, unpack the new one in its place, copy the old config/
        Files.move(program, dir.resolve("athanor-alpha.2"));
        ReleaseInstallation.run(dir, Map.of(), "tar", "-xzf", Releases.currentTarball().toString(), "-C", dir.toString()).requireSuccess();
        Files.move(dir.resolve("athanor-4.0.0"), program);
        ReleaseInstallation.run(dir, Map.of(), "cp", "-a", dir.resolve("athanor-alpha.2/config").toString() + "/.", program.resolve("config").toString())
                .requireSuccess();
        // 6. reload the web server: the old one stops, the new program's starts and serves the maintenance page
        stop(oldServer);
        oldServer = null;
        newServer = start(program, "server:run", "--port", "0");
        int port = port(newServer, "new");
        admin.close();
        user.close();
        admin = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://127.0.0.1:" + port).setLocale("en-GB"));
        user = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://127.0.0.1:" + port).setLocale("fr-FR"));
        Response waiting = user.newPage().navigate("/account");
        assertThat(waiting.status()).isEqualTo(503);
        assertThat(waiting.headers()).containsKey("retry-after");
        Health pendingHealth = health(port);
        assertThat(pendingHealth.statusCode()).isEqualTo(503);
        assertThat(pendingHealth.body()).contains("upgrade");
        // 7. bin/setup check:system names the upgrade to run
        Cli check = installation.setup(program, Map.of(), "check:system");
        assertThat(check.out() + check.err()).contains("bin/setup system:upgrade");
        // 8. bin/setup system:upgrade, then bin/console --version
        Cli upgrade = installation.setup(program, Map.of(), "system:upgrade", "--yes");
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        installation.switchTo(program);
        Cli version = installation.console(program, "--version");
        assertThat(version.out()).isEqualTo(UpgradeFromReleasesIT.currentVersionLine());
        InstallationSnapshot upgraded = InstallationSnapshot.of(installation.configFile());
        assertThat(before.differencesTo(upgraded)).isEmpty();
        assertThat(Files.readString(program.resolve("config/configuration.yml"))).as("maintenance put back as it was: on")
                .containsPattern("(?m)^\\s+maintenance:\\s*true");
        return new Upgraded(program, port, before, upgraded);
    }

    private Path newestBackupSet() throws IOException {
        try (Stream<Path> sets = Files.list(installation.dataPath().resolve("backups"))) {
            return sets.filter(Files::isDirectory).max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no backup set in " + installation.dataPath().resolve("backups")));
        }
    }

    private static void setMaintenance(Path program, boolean on) throws IOException {
        Path file = program.resolve("config/configuration.yml");
        String text = Files.readString(file);
        String changed = text.replaceFirst("(?m)^(main:\\n(?:\\s.*\\n)*?\\s+maintenance:\\s*)(true|false)", "$1" + on);
        assertThat(changed).as("main.maintenance in " + file).isNotEqualTo(text.replaceFirst("(?m)^(\\s+maintenance:\\s*)(true|false)", "$1" + !on));
        Files.writeString(file, changed);
    }

    private static Page signIn(BrowserContext context, int port, String login, String password) {
        Page page = context.newPage();
        page.navigate("http://127.0.0.1:" + port + "/login");
        page.fill("#login", login);
        page.fill("#password", password);
        page.click("#sign-in");
        page.waitForURL(url -> !url.endsWith("/login"));
        return page;
    }

    private Process start(Path program, String... args) throws IOException {
        Path log = Files.createTempFile(dir, "server-", ".out");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(program.resolve("bin/console").toString()), Stream.of(args)).toList())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("ATHANOR_CONFIG");
        Process p = pb.start();
        LOGS.put(p, log);
        return p;
    }

    private static int port(Process server, String which) throws Exception {
        // "listening on http://127.0.0.1:N", or the waiting server's "serves the maintenance page on http://127.0.0.1:N/"
        Pattern address = Pattern.compile("(?:listening on|maintenance page on) https?://[^:/\\s]+:(\\d+)");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String out = serverLog(server);
            Matcher m = address.matcher(out);
            if (m.find()) return Integer.parseInt(m.group(1));
            if (!server.isAlive()) throw new AssertionError("the " + which + " server ended: " + out);
            Thread.sleep(200);
        }
        throw new AssertionError("the " + which + " server printed no address within 90 s: " + serverLog(server));
    }

    private static String serverLog(Process server) throws IOException {
        Path log = LOGS.get(server);
        return log == null ? "" : Files.readString(log);
    }

    /** The file each started server writes its output to. */
    private static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A {@code GET /health}: its status (-1 when nothing answers, e.g. while the server hands over) and body. */
    record Health(int statusCode, String body) {}

    private static Health health(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Health(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Health(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("gave up waiting 120 s for " + what);
            Thread.sleep(250);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(40, TimeUnit.SECONDS)) p.destroyForcibly();
    }
}
