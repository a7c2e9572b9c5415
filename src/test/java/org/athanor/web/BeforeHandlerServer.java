package org.athanor.web;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.athanor.appbox.User;

/**
 * A real server on port 0 that runs only the before-handlers under test, then answers every GET and POST with what
 * they left: {@code lang=en user=bob} (user {@code -} when nobody is signed in). Redirects are not followed.
 */
final class BeforeHandlerServer implements AutoCloseable {
    private final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    BeforeHandlerServer(Handler... befores) {
        Handler echo = ctx -> {
            User u = SessionLoader.user(ctx);
            ctx.result("lang=" + LanguageNegotiation.language(ctx) + " user=" + (u == null ? "-" : u.login()));
        };
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            for (Handler h : befores) config.routes.before(h);
            config.routes.exception(Halt.class, (e, ctx) -> e.answer(ctx));
            config.routes.get("/*", echo);
            config.routes.post("/*", echo);
        }).start();
    }

    /** GET {@code path} with {@code headers} given as name, value, name, value... */
    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(request(path, headers).GET());
    }

    /** POST the form {@code fields} to {@code path}, with {@code headers} given as name, value... */
    HttpResponse<String> post(String path, Map<String, String> fields, String... headers) throws Exception {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (headers.length > 0) b.headers(headers);
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override public void close() {
        app.stop();
    }
}
