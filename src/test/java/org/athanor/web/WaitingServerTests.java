package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.athanor.config.RegistryConfig;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The waiting server of an installation that awaits its upgrade")
class WaitingServerTests {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test @DisplayName("escapes the configured title and message, answers 503 everywhere, and frees its port once the upgrade has finished")
    void escapesAndStopsOnceFinished() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        RegistryConfig registry = new RegistryConfig("Photos <b>", "<script>alert(1)</script>", Duration.ofSeconds(45));
        WaitingServer server = WaitingServer.start(registry, "127.0.0.1", 0,
                new AwaitedUpgrade.Status(AwaitedUpgrade.State.UPGRADING, "bin/setup system:upgrade holds its lock"), finished::get,
                Duration.ofMillis(100));
        try {
            HttpResponse<String> page = get(server.port(), "/admin/");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue("45");
            assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)")
                    .contains("Photos &lt;b&gt;");
            HttpResponse<String> health = get(server.port(), "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"upgrade\":\"running\"").contains("\"detail\":\"bin/setup system:upgrade holds its lock\"");

            CompletableFuture<Boolean> awaited = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.awaitUpgrade();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            finished.set(true);
            assertThat(awaited.get(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> get(server.port(), "/health")).isInstanceOf(ConnectException.class);
        } finally {
            server.close();
        }
    }

    @Test @DisplayName("closed while waiting, it reports that the upgrade did not finish")
    void closedWhileWaiting() throws Exception {
        WaitingServer server = WaitingServer.start(RegistryConfig.DEFAULT, "127.0.0.1", 0,
                new AwaitedUpgrade.Status(AwaitedUpgrade.State.AWAITS_UPGRADE, "appbox schema 3 (this program: 6)"), () -> false,
                Duration.ofMillis(100));
        server.close();
        assertThat(server.awaitUpgrade()).isFalse();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
