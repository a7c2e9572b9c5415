package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.athanor.core.Version;

/**
 * {@code GET /health}: version, whether the appbox answers, maintenance flag (live); 503 when the appbox does not
 * answer, within a second (see {@link DatabaseOutage}).
 */
final class HealthHandler implements Handler {
    private final DatabaseOutage outage;
    private final java.util.function.Supplier<org.athanor.config.AthanorConfig> config;

    HealthHandler(DatabaseOutage outage, java.util.function.Supplier<org.athanor.config.AthanorConfig> config) {
        this.outage = outage;
        this.config = config;
    }

    @Override public void handle(Context ctx) {
        boolean database = outage.databaseAnswers();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database ? "ok" : "database unreachable");
        body.put("version", Version.NUMBER);
        body.put("codename", Version.CODENAME);
        body.put("database", database);
        body.put("maintenance", config.get().main().maintenance());
        ctx.status(database ? 200 : 503).json(body);
    }
}
