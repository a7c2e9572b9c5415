package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.athanor.Athanor;
import org.athanor.Version;

/** {@code GET /health}: version, whether the appbox answers, maintenance flag (live); 503 when the appbox does not answer. */
final class HealthHandler implements Handler {
    private final Athanor athanor;
    private final java.util.function.Supplier<org.athanor.config.AthanorConfig> config;

    HealthHandler(Athanor athanor, java.util.function.Supplier<org.athanor.config.AthanorConfig> config) {
        this.athanor = athanor;
        this.config = config;
    }

    @Override public void handle(Context ctx) {
        boolean database;
        try {
            database = athanor.appbox().jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
        } catch (RuntimeException e) {
            database = false;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database ? "ok" : "database unreachable");
        body.put("version", Version.NUMBER);
        body.put("codename", Version.CODENAME);
        body.put("database", database);
        body.put("maintenance", config.get().main().maintenance());
        ctx.status(database ? 200 : 503).json(body);
    }
}
