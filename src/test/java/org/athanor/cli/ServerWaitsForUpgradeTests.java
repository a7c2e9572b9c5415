package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.nio.file.Files;
import java.time.Clock;
import org.athanor.core.Progress;
import org.athanor.db.Engine;
import org.athanor.programs.Programs;
import org.athanor.setup.upgrade.ProofOfUpgrade;
import org.athanor.setup.upgrade.UpgradeExit;
import org.athanor.setup.upgrade.UpgradeOptions;
import org.athanor.setup.upgrade.UpgradeProof;
import org.athanor.setup.upgrade.UpgradeService;
import org.athanor.setup.upgrade.legacy.Phraseanet388Import;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import org.athanor.testing.BoxSnapshot;
import org.athanor.testing.OldInstallation;
import org.athanor.testing.OldInstallation.Shape;
import org.athanor.testing.TestDatabases;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("server:run on an installation that awaits its upgrade")
class ServerWaitsForUpgradeTests {
    private static final Pattern PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
    @TempDir Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Stream<Arguments> olderShapesOnEngines() {
        List<Arguments> all = new ArrayList<>();
        for (Engine e : TestDatabases.enabled()) Shape.older().forEach(s -> all.add(Arguments.of(s, e)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("olderShapesOnEngines")
    @DisplayName("serves only the maintenance page, writes nothing, lets system:upgrade run, then serves the upgraded installation without restart")
    void waitsThenOpens(Shape shape, Engine engine) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        String home = System.getProperty("athanor.home");
        try (OldInstallation old = OldInstallation.create(shape, engine, dir, 5)) {
            System.setProperty("athanor.home", old.programHome().toString());   // where the upgrade leaves its finished marker
            Map<String, List<List<String>>> appboxBefore = BoxSnapshot.of(old.appboxConnection());
            Map<String, List<List<String>>> databoxBefore = BoxSnapshot.of(old.databoxConnection());
            AwaitedUpgrade.Status status = AwaitedUpgrade.read(old.config());
            assertThat(status.state()).isEqualTo(AwaitedUpgrade.State.AWAITS_UPGRADE);
            assertThat(status.detail()).contains("appbox schema " + shape.appbox + " (this program: ");

            StringWriter out = new StringWriter();
            CountDownLatch stop = new CountDownLatch(1);
            CliContext context = new CliContext();
            context.configOverride = old.configFile();
            var cl = Cli.commandLine(Cli.Program.CONSOLE, context);
            cl.setOut(new PrintWriter(out, true));
            Future<Integer> exit = runner.submit(() -> ServerRunner.runWaiting(context, "127.0.0.1", 0, false, status, stop));
            int port = awaitPort(out);
            assertThat(out.toString()).contains("The installation awaits its upgrade (" + status.detail() + ")");

            HttpResponse<String> page = get(port, "/", "fr");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue(Long.toString(old.config().registry().maintenanceRetryAfter().toSeconds()));
            assertThat(page.body()).contains("Maintenance en cours").contains("L’installation passe à une nouvelle version d’Athanor");
            HttpResponse<String> health = get(port, "/health", "en");
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode h = new ObjectMapper().readTree(health.body());
            assertThat(h.get("status").asText()).isEqualTo("upgrade pending");
            assertThat(h.get("upgrade").asText()).isEqualTo("pending");
            assertThat(h.get("command").asText()).isEqualTo("bin/setup system:upgrade");
            HttpResponse<String> api = get(port, "/api/v1/records/search?query=*", "en");
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(api.body()).at("/meta/http_code").asInt()).isEqualTo(503);
            HttpResponse<String> login = post(port, "/login", "login=admin%40example.org&password=x");
            assertThat(login.statusCode()).isEqualTo(503);
            assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(BoxSnapshot.of(old.appboxConnection())).isEqualTo(appboxBefore);
            assertThat(BoxSnapshot.of(old.databoxConnection())).isEqualTo(databoxBefore);

            assertThat(UpgradeService.awaitsUpgrade(old.configFile(), old.programHome())).isTrue();
            StringWriter upgradeOut = new StringWriter();
            StringWriter upgradeErr = new StringWriter();
            UpgradeExit upgraded = new UpgradeService(old.configFile(), old.programHome(), Programs.system(), new Phraseanet388Import(),
                    new ProofOfUpgrade(UpgradeProof.FileCheck.SIZE, new Phraseanet388Import()), Clock.systemUTC())
                    .run(UpgradeOptions.YES, new PrintWriter(upgradeOut, true), new PrintWriter(upgradeErr, true), Progress.NONE);
            assertThat(upgraded).as(upgradeOut + "\n" + upgradeErr).isEqualTo(UpgradeExit.DONE);   // the waiting server did not block it
            Path log = Path.of(upgradeOut.toString().lines().filter(l -> l.startsWith("Log: ")).findFirst().orElseThrow().substring(5));
            assertThat(Files.readString(log)).contains("Upgrade proof: every part is identical before and after the upgrade.");
            long migrated = System.nanoTime();
            HttpResponse<String> opened = awaitStatus(port, "/health", 200, Duration.ofSeconds(15));
            double seconds = (System.nanoTime() - migrated) / 1e9;
            assertThat(new ObjectMapper().readTree(opened.body()).get("database").asBoolean()).isTrue();
            assertThat(get(port, "/login", "en").body()).contains("Sign in");
            assertThat(out.toString()).contains("The upgrade has finished: opening the installation.")
                    .contains("listening on http://127.0.0.1:" + port + "/");
            System.out.printf("server opened the upgraded installation %.1f s after the upgrade%n", seconds);
            assertThat(seconds).isLessThan(10);

            stop.countDown();
            assertThat(exit.get(40, TimeUnit.SECONDS)).isZero();
            context.close();                              // the installation's pools, before its databases are dropped
        } finally {
            runner.shutdownNow();
            if (home == null) System.clearProperty("athanor.home");
            else System.setProperty("athanor.home", home);
        }
    }

    private static int awaitPort(StringWriter out) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            Matcher m = PORT.matcher(out.toString());
            if (m.find()) return Integer.parseInt(m.group(1));
            Thread.sleep(20);
        }
        throw new AssertionError("the waiting server printed no address: " + out);
    }

    private HttpResponse<String> awaitStatus(int port, String path, int status, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < end) {
            try {
                last = get(port, path, "en");
                if (last.statusCode() == status) return last;
            } catch (ConnectException switching) {
                // the waiting server has stopped listening and the real one is starting on the same port
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not answer " + status + " within " + within + "; last: "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
    }

    private HttpResponse<String> get(int port, String path, String lang) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept-Language", lang).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
