package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigLoader;
import org.athanor.config.ConfigWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("MaintenanceGate answers 503 while maintenance mode is on")
class MaintenanceGateTests {
    @TempDir static Path dir;
    static TwoUsers users;
    static final AtomicReference<AthanorConfig> config = new AtomicReference<>();
    static BeforeHandlerServer server;

    @BeforeAll static void start() {
        users = new TwoUsers(dir);
        config.set(users.athanor.config());
        server = new BeforeHandlerServer(new LanguageNegotiation(), users.sessionLoader(),
                new MaintenanceGate(config::get, WebServer.ROUTE_GROUPS, users.views()::of, new Pages()));
    }

    @AfterAll static void stop() {
        server.close();
        users.close();
    }

    private static void maintenance(boolean on) {
        ConfigWriter.setValues(users.installation.configFile(), Map.of("main.maintenance", on,
                "registry.maintenance.message", "Back at 14:00", "registry.maintenance.retry-after", 90));
        config.set(ConfigLoader.load(users.installation.configFile()));
    }

    @Test @DisplayName("off: every path answers")
    void off() throws Exception {
        maintenance(false);
        assertThat(server.get("/").statusCode()).isEqualTo(200);
        assertThat(server.get("/account", "Cookie", users.signedIn(users.bob)).statusCode()).isEqualTo(200);
    }

    @Test @DisplayName("on: pages get the 503 page with the message and Retry-After, in the visitor's language")
    void page() throws Exception {
        maintenance(true);
        HttpResponse<String> r = server.get("/about", "Accept-Language", "fr");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("90");
        assertThat(r.body()).contains("Maintenance en cours").contains("Back at 14:00");
        assertThat(server.get("/account", "Cookie", users.signedIn(users.bob)).statusCode()).isEqualTo(503);
    }

    @Test @DisplayName("on: /api/ and clients asking for JSON get Phraseanet's envelope")
    void json() throws Exception {
        maintenance(true);
        for (HttpResponse<String> r : new HttpResponse[] {server.get("/api/v1/records/search"), server.get("/", "Accept", "application/json")}) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("90");
            assertThat(r.body()).contains("\"http_code\":503").contains("\"error_message\":\"maintenance\"").contains("\"error_details\":\"Back at 14:00\"");
        }
    }

    @Test @DisplayName("on: administrators still reach /admin/, other users and visitors do not; signing in and out and /health stay open")
    void whoGetsThrough() throws Exception {
        maintenance(true);
        assertThat(server.get("/admin/", "Cookie", users.signedIn(users.admin)).statusCode()).isEqualTo(200);
        assertThat(server.get("/admin/", "Cookie", users.signedIn(users.bob)).statusCode()).isEqualTo(503);
        assertThat(server.get("/admin/").statusCode()).isEqualTo(503);
        assertThat(server.get("/about", "Cookie", users.signedIn(users.admin)).statusCode()).as("only the console is open to administrators").isEqualTo(503);
        for (String open : new String[] {"/login", "/logout", "/lang/fr", "/health", "/webjars/htmx.org/htmx.min.js"})
            assertThat(server.get(open).statusCode()).as(open).isEqualTo(200);
    }
}
