package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.appbox.AdminLog;
import org.athanor.db.Engine;
import org.athanor.testing.TestDatabases;
import org.athanor.testing.TestInstallation;
import org.athanor.web.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Administrator actions taken from the CLI are in the admin log, as the admin console's are")
class AdminLogFromCliTests {
    @TempDir Path dir;
    TestInstallation installation;
    Athanor athanor;

    static List<Engine> engines() {
        return TestDatabases.enabled();
    }

    @AfterEach void close() {
        if (installation != null) installation.close();
    }

    private CliRun console(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = installation.configFile().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.console(all);
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("engines")
    @DisplayName("system:maintenance on, task-manager:scheduler:stop and system:backup-db appear in the dashboard's latest actions, by cli:<user>")
    void cliActionsAppearOnTheDashboard(Engine engine) throws Exception {
        installation = TestInstallation.install(engine, dir);
        athanor = installation.open();
        CliRun on = console("system:maintenance", "on", "--message", "Back at noon");
        assertThat(on.exitCode()).as(on.err()).isZero();
        assertThat(on.out()).isEqualTo("Maintenance is on: Back at noon.\n");
        CliRun stop = console("task-manager:scheduler:stop", "--wait", "0");
        assertThat(stop.exitCode()).as(stop.err()).isZero();
        CliRun backup = console("system:backup-db", dir.resolve("backups").toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();

        String actor = AdminLog.cliActor();
        assertThat(actor).isEqualTo("cli:" + System.getProperty("user.name"));
        assertThat(athanor.adminLog().recent(10)).extracting(AdminLog.Entry::actor, AdminLog.Entry::action)
                .startsWith(org.assertj.core.groups.Tuple.tuple(actor, "system.backup-db"),
                        org.assertj.core.groups.Tuple.tuple(actor, "scheduler.stop"),
                        org.assertj.core.groups.Tuple.tuple(actor, "maintenance.on"));

        // maintenance is on: administrators may still sign in and use the admin console
        try (WebServer server = WebServer.create(athanor, "127.0.0.1", 0).start()) {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            String login = http.send(HttpRequest.newBuilder(base.resolve("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
            String csrf = login.replaceAll("(?s).*?name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
            String form = "login=" + URLEncoder.encode(TestInstallation.ADMIN, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(TestInstallation.ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(302);
            String dashboard = http.send(HttpRequest.newBuilder(base.resolve("/admin/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(dashboard)
                    .contains("<td>" + actor + "</td><td>maintenance.on</td><td>Back at noon</td>")
                    .contains("<td>" + actor + "</td><td>scheduler.stop</td>")
                    .contains("<td>" + actor + "</td><td>system.backup-db</td>");
        }
    }
}
