package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.athanor.Athanor;
import org.athanor.db.BoxConnection;
import org.athanor.db.Engine;
import org.athanor.testing.Await;
import org.athanor.testing.TestDatabases;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName("A database outage during server:run: 503 at once, one log line per outage, /health in under a second")
class DatabaseOutageTests {
    @TempDir Path dir;
    TestInstallation installation;
    WebServer server;
    final CookieManager cookies = new CookieManager();
    final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach void stop() {
        if (server != null) server.stopGracefully(Duration.ofSeconds(1));
        if (installation != null) installation.close();
    }

    record Timed(HttpResponse<String> response, long millis) {}

    Timed get(String path, String accept) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Timed(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    void signIn() throws Exception {
        String html = get("/login", "text/html").response().body();
        String csrf = html.replaceAll("(?s).*?name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String body = "login=" + URLEncoder.encode(TestInstallation.ADMIN, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(TestInstallation.ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
    }

    @Test @DisplayName("PostgreSQL refusing the appbox's connections: pages and /api/ get 503 at once, the log says it once, then once it is back")
    void postgresqlOutage() throws Exception {
        TestDatabases.require(Engine.POSTGRESQL, "this outage is made with PostgreSQL's ALLOW_CONNECTIONS");
        installation = TestInstallation.install(Engine.POSTGRESQL, dir);
        Athanor athanor = installation.open();
        server = WebServer.create(athanor, "127.0.0.1", 0).start();
        signIn();
        assertThat(get("/admin/", "text/html").response().statusCode()).isEqualTo(200);

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        String db = installation.appboxConnection().dbname();
        BoxConnection admin = TestDatabases.server(Engine.POSTGRESQL, "postgres");
        try (Connection su = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password()); Statement st = su.createStatement()) {
            st.execute("ALTER DATABASE \"" + db + "\" ALLOW_CONNECTIONS false");
            try {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "' AND pid <> pg_backend_pid()");

                Timed first = get("/admin/", "text/html");
                assertThat(first.response().statusCode()).isEqualTo(503);
                assertThat(first.response().body()).contains("The database does not answer. Please try again in a minute.");
                assertThat(first.millis()).as("the first request waits for the pool, briefly").isLessThan(3000);
                List<Long> times = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Timed t = get("/account", "text/html");
                    assertThat(t.response().statusCode()).isEqualTo(503);
                    times.add(t.millis());
                }
                assertThat(times).as("later requests are answered without waiting").allSatisfy(ms -> assertThat(ms).isLessThan(1500));
                assertThat(times.stream().filter(ms -> ms < 300).count()).isGreaterThanOrEqualTo(8);
                Timed api = get("/api/v1/records/search", "application/json");
                assertThat(api.response().statusCode()).isEqualTo(503);
                assertThat(api.response().body()).contains("\"http_code\":503").contains("\"error_message\":\"database unavailable\"");
                Timed health = get("/health", "application/json");
                assertThat(health.response().statusCode()).isEqualTo(503);
                assertThat(health.response().body()).contains("\"database\":false");
                assertThat(health.millis()).isLessThan(1000);
            } finally {
                st.execute("ALTER DATABASE \"" + db + "\" ALLOW_CONNECTIONS true");
            }
            Await.until("pages to answer again", Duration.ofSeconds(15), () -> get("/admin/", "text/html").response().statusCode() == 200);
            assertThat(get("/health", "application/json").response().statusCode()).isEqualTo(200);
        } finally {
            root.detachAppender(log);
        }
        List<String> outage = log.list.stream().filter(e -> e.getLoggerName().endsWith("DatabaseOutage"))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(outage).hasSize(2);
        assertThat(outage.get(0)).contains("appbox 'appbox'", "does not answer", "Requests get 503 until it answers again")
                .containsAnyOf("terminating connection due to administrator command", "is not currently accepting connections");
        assertThat(outage.get(1)).contains("answers again after");
        assertThat(log.list).as("no stack trace per request").noneSatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull());
    }
}
