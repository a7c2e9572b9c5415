package org.athanor.web;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Answers an error whose text may echo the request (an unknown id, an unknown action): a page where jte escapes the
 * text for browsers, JSON for the API and for clients that do not ask for HTML. Never the text inside raw HTML.
 */
final class ErrorPages {
    private final Gate gate;
    private final Pages pages;

    ErrorPages(Gate gate, Pages pages) {
        this.gate = gate;
        this.pages = pages;
    }

    /** Answer {@code status} with {@code message}; {@code code} is the error code JSON clients branch on. */
    void answer(Context ctx, int status, String message, String code) {
        ctx.status(status);
        if (wantsHtml(ctx)) {
            View v = gate.view(ctx);
            ctx.html(pages.render("message.jte", new MessagePage(v, v.t(status == 404 ? "error.not-found" : "error.title"), message, "")));
        } else {
            ctx.json(Map.of("error", message, "code", code));
        }
    }

    /** True for a browser's navigation or an htmx request; false under /api/ and for clients that ask for JSON or nothing. */
    static boolean wantsHtml(Context ctx) {
        if (ctx.path().startsWith("/api/")) return false;
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html") || ctx.header("HX-Request") != null;
    }
}
