package org.athanor.web;

import io.javalin.http.Context;

/**
 * The headers every answer carries: a strict Content-Security-Policy (scripts and styles from this site only, no inline
 * code, no framing), {@code nosniff}, {@code DENY} framing, same-origin referrers; and {@code Cache-Control: no-store}
 * on everything but the static files, since pages carry the session's CSRF token and personal data.
 */
final class SecurityHeaders {
    /** The policy: no inline script or style (htmx's indicator style is turned off by the {@code htmx-config} meta tag). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {}

    /** Set the headers on {@code ctx}'s answer; a before-handler, so they stay whatever the handler or an error does. */
    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        String path = ctx.path();
        if (!path.startsWith("/webjars/") && !path.startsWith("/static/")) ctx.header("Cache-Control", "no-store");
    }
}
