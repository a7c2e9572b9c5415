package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.athanor.Athanor;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The web server")
class WebServerTests {
    @TempDir Path dir;
    private TestInstallation installation;
    private WebServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach void start() {
        installation = TestInstallation.install(Engine.H2, dir);
        Athanor athanor = installation.open();
        server = WebServer.create(athanor, "127.0.0.1", 0).start();
    }

    @AfterEach void stop() {
        server.stopGracefully(Duration.ofSeconds(1));
        installation.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test @DisplayName("/health answers JSON with the version, the database state and the maintenance flag")
    void health() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("version").asText()).isEqualTo("4.0.0");
        assertThat(body.get("database").asBoolean()).isTrue();
        assertThat(body.get("maintenance").asBoolean()).isFalse();
    }

    @Test @DisplayName("/about shows an anonymous visitor the version only (signed-in users: see WebSecurityTests)")
    void about() throws Exception {
        HttpResponse<String> r = get("/about");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<strong id=\"version\">4.0.0</strong>")
                .doesNotContain("Databox " + installation.request().databoxName());
    }

    @Test @DisplayName("a graceful stop lets the request in flight finish before the server stops")
    void gracefulStopFinishesTheRequestInFlight() throws Exception {
        server.stopGracefully(Duration.ZERO);
        var inHand = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        server = new WebServer(installation.open(), "127.0.0.1", 0, dir.resolve("logs"), routes -> routes.get("/slow", ctx -> {
            inHand.countDown();
            release.await();
            ctx.result("finished");
        })).start();
        var response = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inHand.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        var stopping = java.util.concurrent.CompletableFuture.runAsync(() -> server.stopGracefully(Duration.ofSeconds(30)));
        assertThat(stopping).isNotDone();
        assertThat(server.inFlight()).isEqualTo(1);
        release.countDown();

        assertThat(response.get(10, java.util.concurrent.TimeUnit.SECONDS).body()).isEqualTo("finished");
        stopping.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test @DisplayName("a stopping server refuses new requests with 503 and Connection: close")
    void drainingRefusesNewRequests() throws Exception {
        Thread stopper = new Thread(() -> server.stopGracefully(Duration.ofSeconds(5)));
        server.startDraining();
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        stopper.start();
        stopper.join(10_000);
        assertThat(stopper.isAlive()).isFalse();
    }
}
