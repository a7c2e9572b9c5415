package org.athanor.web;

import io.javalin.http.Context;
import java.util.function.Consumer;

/** Ends a request from a before-handler with a ready answer (redirect, 403 page, 503 page); mapped in {@link WebServer}. */
final class Halt extends RuntimeException {
    private final transient Consumer<Context> answer;

    Halt(Consumer<Context> answer) {
        super(null, null, false, false);
        this.answer = answer;
    }

    static Halt redirect(String location) {
        return new Halt(ctx -> {
            if (ctx.header("HX-Request") != null) ctx.status(200).header("HX-Redirect", location);
            else ctx.redirect(location);
        });
    }

    static Halt html(int status, String html) {
        return new Halt(ctx -> ctx.status(status).html(html));
    }

    void answer(Context ctx) {
        answer.accept(ctx);
    }
}
