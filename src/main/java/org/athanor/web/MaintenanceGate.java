package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.athanor.appbox.User;
import org.athanor.config.AthanorConfig;

/**
 * Before every request, while maintenance mode is on ({@code main.maintenance}, re-read live): answer 503 with
 * {@code Retry-After} and the administrators' message, unless the request's {@link RouteGroup} stays open
 * ({@link RouteGroup.DuringMaintenance}).
 */
final class MaintenanceGate implements Handler {
    private final Supplier<AthanorConfig> config;
    private final RouteGroups groups;
    private final Function<Context, View> views;
    private final Pages pages;

    MaintenanceGate(Supplier<AthanorConfig> config, RouteGroups groups, Function<Context, View> views, Pages pages) {
        this.config = config;
        this.groups = groups;
        this.views = views;
        this.pages = pages;
    }

    @Override public void handle(Context ctx) {
        AthanorConfig c = config.get();
        if (!c.main().maintenance()) return;
        switch (groups.of(ctx).maintenance()) {
            case OPEN -> { }
            case ADMINISTRATORS_ONLY -> {
                User user = SessionLoader.user(ctx);
                if (user == null || !user.admin()) throw answer(ctx, c);
            }
            case CLOSED -> throw answer(ctx, c);
        }
    }

    /** Return whether maintenance mode is on now. */
    boolean on() {
        return config.get().main().maintenance();
    }

    /** The 503 answer of maintenance mode: the page with the message, or Phraseanet's JSON envelope under /api/. */
    Halt answer(Context ctx) {
        return answer(ctx, config.get());
    }

    private Halt answer(Context ctx, AthanorConfig c) {
        long retry = c.registry().maintenanceRetryAfter().toSeconds();
        String message = c.registry().maintenanceMessage();
        boolean api = ctx.path().startsWith("/api/") || String.valueOf(ctx.header("Accept")).startsWith("application/json");
        return new Halt(x -> {
            x.status(503).header("Retry-After", Long.toString(retry));
            if (api) x.json(Map.of("meta", Map.of("http_code", 503, "error_message", "maintenance", "error_details", message)));
            else {
                View v = views.apply(x);
                x.html(pages.render("message.jte", new MessagePage(v, v.t("maintenance.title"), v.t("maintenance.text"), message)));
            }
        });
    }
}
