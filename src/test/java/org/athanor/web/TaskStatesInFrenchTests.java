package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The admin console shows task and scheduler states in the page's language")
class TaskStatesInFrenchTests {
    @TempDir static Path dir;
    static TwoUsers users;
    static WebServer server;
    static String admin;

    @BeforeAll static void start() {
        users = new TwoUsers(dir);
        users.athanor.taskManager().create("subdefs", "Sous-définitions", null, null);
        server = WebServer.create(users.athanor, "127.0.0.1", 0).start();
        admin = users.signedIn(users.admin);
    }

    @AfterAll static void stop() {
        server.stopGracefully(Duration.ofSeconds(1));
        users.close();
    }

    private static String page(String path, String lang) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Cookie", admin).header("Accept-Language", lang).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test @DisplayName("in French: « à l’arrêt », the wanted and actual states too")
    void french() throws Exception {
        String tasks = page("/admin/tasks/live", "fr");
        assertThat(tasks).contains("<strong id=\"scheduler-state\">à l’arrêt</strong>").contains("demandé : à l’arrêt")
                .contains("<strong class=\"state\">à l’arrêt</strong>").contains("à l’arrêt / à l’arrêt")
                .doesNotContain(">stopped<");
        assertThat(page("/admin/", "fr")).contains("<strong id=\"scheduler\">à l’arrêt</strong>");
    }

    @Test @DisplayName("in English: the words of the task-manager state commands")
    void english() throws Exception {
        assertThat(page("/admin/tasks/live", "en")).contains("<strong id=\"scheduler-state\">stopped</strong>")
                .contains("<strong class=\"state\">stopped</strong>").contains("stopped / stopped");
        assertThat(page("/admin/", "en")).contains("<strong id=\"scheduler\">stopped</strong>");
    }
}
