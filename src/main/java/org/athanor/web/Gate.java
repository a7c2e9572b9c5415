package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import org.athanor.appbox.Session;
import org.athanor.appbox.User;
import org.athanor.appbox.UserId;

/**
 * What handlers ask of the before-handlers' work on a request: the page frame, who is signed in, opening and closing
 * sessions, maintenance mode. The checks themselves are separate before-handlers that {@link WebServer} lists in order:
 * {@link LanguageNegotiation}, {@link SessionLoader} ("remember me" included), {@link MaintenanceGate},
 * {@link AccessRule} and {@link CsrfGuard}, the last four following the request's {@link RouteGroup}.
 */
final class Gate {
    /** The cookie of the chosen language ({@link LanguageNegotiation}). */
    static final String LANG_COOKIE = LanguageNegotiation.LANG_COOKIE;

    private final Views views;
    private final SessionLoader sessions;
    private final MaintenanceGate maintenance;

    Gate(Views views, SessionLoader sessions, MaintenanceGate maintenance) {
        this.views = views;
        this.sessions = sessions;
        this.maintenance = maintenance;
    }

    /** The frame of a page for this request. */
    View view(Context ctx) {
        return views.of(ctx);
    }

    /** Return whether maintenance mode is on now. */
    boolean maintenanceOn() {
        return maintenance.on();
    }

    /** The 503 answer of maintenance mode: the page with the message, or Phraseanet's JSON envelope under /api/. */
    Halt maintenance(Context ctx) {
        return maintenance.answer(ctx);
    }

    /** Open a session for a user who just proved who they are; set its cookie (and a new "remember me" cookie when asked). */
    Session openSession(Context ctx, UserId user, String module, boolean remember) {
        return sessions.open(ctx, user, module, remember);
    }

    /** End the request's session: row, "remember me" token and cookies. */
    void closeSession(Context ctx) {
        sessions.close(ctx);
    }

    /** Remove the session and "remember me" cookies from the browser. */
    static void forgetCookies(Context ctx) {
        SessionLoader.forgetCookies(ctx);
    }

    /** A cookie with the attributes Athanor uses ({@link SessionLoader#cookie}). */
    static Cookie cookie(Context ctx, String name, String value, int maxAge) {
        return SessionLoader.cookie(ctx, name, value, maxAge);
    }

    /** The request's session, or null when nobody is signed in. */
    static Session session(Context ctx) {
        return SessionLoader.session(ctx);
    }

    /** The signed-in user, or null. */
    static User user(Context ctx) {
        return SessionLoader.user(ctx);
    }
}
