package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.SameSite;
import java.util.Optional;
import org.athanor.appbox.RememberTokens;
import org.athanor.appbox.Session;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.User;
import org.athanor.appbox.UserId;
import org.athanor.appbox.UserService;

/**
 * Before every request of a group with sessions: find who is signed in. The session cookie is checked in the appbox
 * each time (so that a session ended elsewhere ends here at once); without a live session, a "remember me" cookie
 * opens a new one. Handlers read the result with {@link #user(Context)} and {@link #session(Context)}.
 */
final class SessionLoader implements Handler {
    static final String SESSION_COOKIE = "athanor_session";
    static final String REMEMBER_COOKIE = "athanor_remember";
    private static final String SESSION = "athanor.session";
    private static final String USER = "athanor.user";

    private final SessionService sessions;
    private final RememberTokens rememberTokens;
    private final UserService users;
    private final RouteGroups groups;

    SessionLoader(SessionService sessions, RememberTokens rememberTokens, UserService users, RouteGroups groups) {
        this.sessions = sessions;
        this.rememberTokens = rememberTokens;
        this.users = users;
        this.groups = groups;
    }

    @Override public void handle(Context ctx) {
        if (!groups.of(ctx).session()) return;
        String module = moduleOf(ctx.path());
        Optional<Session> s = sessions.touch(ctx.cookie(SESSION_COOKIE), module);
        if (s.isEmpty()) {
            String remember = ctx.cookie(REMEMBER_COOKIE);
            if (remember != null) {
                Optional<UserId> uid = rememberTokens.redeem(remember);
                if (uid.isPresent()) {
                    s = Optional.of(open(ctx, uid.get(), module, true));
                } else {
                    ctx.removeCookie(REMEMBER_COOKIE, "/");
                }
            }
            if (s.isEmpty() && ctx.cookie(SESSION_COOKIE) != null) ctx.removeCookie(SESSION_COOKIE, "/");
        }
        if (s.isPresent()) {
            Optional<User> u = users.findById(s.get().user());
            if (u.isPresent()) {
                ctx.attribute(SESSION, s.get());
                ctx.attribute(USER, u.get());
            }
        }
    }

    /** Open a session for a user who just proved who they are; set its cookie (and a new "remember me" cookie when asked). */
    Session open(Context ctx, UserId user, String module, boolean remember) {
        SessionService.Opened opened = sessions.open(user, ctx.ip(), ctx.userAgent(), module);
        ctx.cookie(cookie(ctx, SESSION_COOKIE, opened.token(), -1));
        if (remember) {
            String token = rememberTokens.issue(user);
            ctx.cookie(cookie(ctx, REMEMBER_COOKIE, token, (int) RememberTokens.LIFETIME.toSeconds()));
        }
        ctx.attribute(SESSION, opened.session());
        users.findById(user).ifPresent(u -> ctx.attribute(USER, u));
        return opened.session();
    }

    /** End the request's session: row, "remember me" token and cookies. */
    void close(Context ctx) {
        Session s = session(ctx);
        if (s != null) sessions.disconnect(s.id());
        rememberTokens.forget(ctx.cookie(REMEMBER_COOKIE));
        forgetCookies(ctx);
    }

    /** Remove the session and "remember me" cookies from the browser. */
    static void forgetCookies(Context ctx) {
        ctx.removeCookie(SESSION_COOKIE, "/");
        ctx.removeCookie(REMEMBER_COOKIE, "/");
    }

    /**
     * The cookie attributes Athanor uses: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS (directly, or
     * as a trusted proxy says: {@link ClientAddress#https}).
     */
    static Cookie cookie(Context ctx, String name, String value, int maxAge) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme());
        return new Cookie(name, value, "/", maxAge, https, true, null, SameSite.LAX);
    }

    /** The request's session, or null when nobody is signed in. */
    static Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    /** The signed-in user, or null. */
    static User user(Context ctx) {
        return ctx.attribute(USER);
    }

    /** The module a session is used from, as the connected-users page shows it. */
    private static String moduleOf(String path) {
        if (path.startsWith("/admin")) return "admin";
        if (path.startsWith("/api/")) return "api";
        return "account";
    }
}
